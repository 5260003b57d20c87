/** Flags for headless Chromium on a closed network. */
export declare const CHROMIUM_ARGS: string[];
/** The Chromium to drive, or undefined when none is found. */
export declare function findChromium(): string | undefined;
/** The Chromium to drive; throws the one sentence that says what to do when there is none. */
export declare function chromiumPath(): string;
