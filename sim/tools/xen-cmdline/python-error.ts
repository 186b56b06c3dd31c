/**
 * A Python exception raised inside the simulated `xen-cmdline`, and the
 * traceback CPython prints for it on stderr before exiting 1.
 */

/** One line of a traceback: where the interpreter was when the exception passed through. */
export interface PythonFrame {
  file: string;
  line: number;
  func: string;
  /** The source line, as the traceback shows it (stripped). */
  code: string;
}

/** An uncaught Python exception: its type, message and the frames it unwound, outermost first. */
export class PythonError extends Error {
  constructor(
    readonly type: string,
    readonly detail: string,
    readonly frames: readonly PythonFrame[] = [],
  ) {
    super(`${type}: ${detail}`);
    this.name = "PythonError";
  }

  /** The same exception seen from further out: `outer` frames are prepended. */
  within(outer: readonly PythonFrame[]): PythonError {
    return new PythonError(this.type, this.detail, [...outer, ...this.frames]);
  }
}

/** CPython's report of an uncaught exception (2.x and 3.x before 3.11 print no carets). */
export function formatTraceback(error: PythonError): string {
  const frames = error.frames.map((f) => `  File "${f.file}", line ${f.line}, in ${f.func}\n    ${f.code}\n`);
  return `Traceback (most recent call last):\n${frames.join("")}${error.type}: ${error.detail}\n`;
}

/** Python's `repr()` of a str: single quotes unless the text holds only the single kind. */
export function pyRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = "";
  for (const c of text) {
    const code = c.codePointAt(0) ?? 0;
    if (c === "\\" || c === quote) out += `\\${c}`;
    else if (c === "\n") out += "\\n";
    else if (c === "\r") out += "\\r";
    else if (c === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else out += c;
  }
  return `${quote}${out}${quote}`;
}
