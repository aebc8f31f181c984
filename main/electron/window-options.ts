// The kiosk window's options, in one literal so a reader (and Electronegativity) sees every
// hardening flag at once. devTools only in an unpackaged run; kiosk + fullscreen unless an
// unpackaged run asked for --windowed.

export interface WindowChoice {
  /** Only ever true unpackaged: a packaged kiosk ignores --windowed. */
  windowed: boolean;
  /** app.isPackaged */
  packaged: boolean;
  preloadPath: string;
}

export function kioskWindowOptions(choice: WindowChoice) {
  return {
    width: 1280,
    height: 800,
    kiosk: !choice.windowed,
    fullscreen: !choice.windowed,
    autoHideMenuBar: true,
    backgroundColor: '#ffffff',
    show: false,
    webPreferences: {
      preload: choice.preloadPath,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      // Middle-click (auxclick) could open a link in a new window: not a kiosk gesture.
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      disableDialogs: true,
      autoplayPolicy: 'no-user-gesture-required' as const,
      devTools: !choice.packaged,
    },
  };
}
