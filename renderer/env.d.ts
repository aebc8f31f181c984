/// <reference types="vite/client" />

/** simple-keyboard's ESM build, typed as the package (its UMD main loses the default export when bundled). */
declare module 'simple-keyboard/build/index.modern.esm.js' {
  export { SimpleKeyboard } from 'simple-keyboard';
}
