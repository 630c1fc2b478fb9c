/**
 * The part of addons-linter's programmatic API the store-package test uses (the package ships
 * no typings). See node_modules/addons-linter/README.md, "Linter API Usage".
 */
declare module 'addons-linter' {
  export interface LinterMessage {
    readonly _type?: 'error' | 'warning' | 'notice';
    readonly code: string;
    readonly message: string;
    readonly description: string | readonly string[];
    readonly file?: string;
    readonly line?: number;
    readonly column?: number;
  }

  export interface LinterOutput {
    readonly count: number;
    readonly summary: { readonly errors: number; readonly warnings: number; readonly notices: number };
    readonly metadata: Record<string, unknown>;
    readonly errors: readonly LinterMessage[];
    readonly warnings: readonly LinterMessage[];
    readonly notices: readonly LinterMessage[];
  }

  export interface LinterConfig {
    /** The first CLI argument: the directory or .xpi/.zip to lint. */
    readonly _: readonly string[];
    readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
    readonly stack: boolean;
    readonly pretty: boolean;
    readonly warningsAsErrors: boolean;
    readonly metadata: boolean;
    readonly output: 'none' | 'json' | 'text';
    readonly boring: boolean;
    readonly selfHosted: boolean;
    readonly shouldScanFile: (fileName: string) => boolean;
  }

  export interface Linter {
    run(): Promise<LinterOutput>;
    readonly output: LinterOutput;
  }

  const addonsLinter: {
    createInstance(options: { config: LinterConfig; runAsBinary: boolean }): Linter;
  };
  export default addonsLinter;
}
