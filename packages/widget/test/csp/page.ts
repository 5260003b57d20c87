import '../../src/define.ts';

/** Every CSP violation on this page, for the test in the parent frame to read. */
const violations: string[] = [];
document.addEventListener('securitypolicyviolation', (event) => violations.push(`${event.violatedDirective} ${event.blockedURI}`));
Object.assign(window, { violations });
