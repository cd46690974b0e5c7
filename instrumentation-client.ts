import { z } from "zod";

/**
 * Runs in the browser before any application code (Next's client instrumentation hook). zod builds
 * each object schema's fast parser with `new Function` after probing whether eval is allowed; under
 * our CSP (no 'unsafe-eval' in production) that probe is blocked and reported as a CSP violation on
 * every form page. jitless skips the probe: schemas parse through the interpreter, fast enough for forms.
 */
z.config({ jitless: true });
