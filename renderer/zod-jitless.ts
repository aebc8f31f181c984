// The kiosk's CSP forbids eval: tell zod not to try its JIT. Imported FIRST by cabinet-api.ts,
// before any contract schema is built (a schema reads the setting when it is created).
import { z } from 'zod';

z.config({ jitless: true });
