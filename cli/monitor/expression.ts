// Monitor expressions (QEMU HMP `expr_sum`/`expr_unary` grammar): numbers (0x hex, 0b binary,
// 0o octal, decimal, 'c' chars), `$reg` registers, `*ADDR` 32-bit dereference, unary - ~ +,
// binary * / % + - << >> & ^ | with C precedence, and parentheses. Values wrap to 32 bits.

/** How an expression reaches the machine: register values and memory for `*ADDR`. */
export interface ExpressionEnvironment {
  /** Value of `$name` (lower-case, without `$`), or undefined if there is no such register. */
  register(name: string): number | undefined;
  /** Reads the little-endian 32-bit word at virtual `address` (may throw MemoryAccessError). */
  readWord(address: number): number;
}

/** A malformed expression; the message is one line naming the problem. */
export class ExpressionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ExpressionError";
  }
}

const MASK = 0xffffffffn;

// Binary operators by precedence level, lowest first (C order).
const LEVELS: readonly (readonly string[])[] = [["|"], ["^"], ["&"], ["<<", ">>"], ["+", "-"], ["*", "/", "%"]];

class ExpressionParser {
  private pos = 0;
  constructor(private readonly text: string, private readonly env: ExpressionEnvironment) {}

  parse(): bigint {
    const value = this.binary(0);
    this.skipSpace();
    if (this.pos < this.text.length) throw new ExpressionError(`unexpected '${this.text[this.pos]}' in expression`);
    return value;
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }

  private peekOperator(candidates: readonly string[]): string | undefined {
    this.skipSpace();
    return candidates.find((op) => this.text.startsWith(op, this.pos));
  }

  private binary(level: number): bigint {
    if (level === LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      const op = this.peekOperator(LEVELS[level]!);
      if (op === undefined) return left;
      this.pos += op.length;
      const right = this.binary(level + 1);
      left = apply(op, left, right) & MASK;
    }
  }

  private unary(): bigint {
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === "-") { this.pos++; return -this.unary() & MASK; }
    if (c === "+") { this.pos++; return this.unary(); }
    if (c === "~") { this.pos++; return ~this.unary() & MASK; }
    if (c === "*") { this.pos++; return BigInt(this.env.readWord(Number(this.unary())) >>> 0); }
    if (c === "(") {
      this.pos++;
      const value = this.binary(0);
      if (this.peekOperator([")"]) === undefined) throw new ExpressionError("')' expected");
      this.pos++;
      return value;
    }
    if (c === "$") return this.register();
    if (c === "'") return this.character();
    return this.number();
  }

  private register(): bigint {
    const match = /^\$([a-z_][a-z0-9_]*)/i.exec(this.text.slice(this.pos));
    if (match === null) throw new ExpressionError("register name expected after '$'");
    this.pos += match[0].length;
    const value = this.env.register(match[1]!.toLowerCase());
    if (value === undefined) throw new ExpressionError(`unknown register '$${match[1]}'`);
    return BigInt(value >>> 0);
  }

  private character(): bigint {
    const match = /^'(\\.|[^'\\])'/.exec(this.text.slice(this.pos));
    if (match === null) throw new ExpressionError("invalid character constant");
    this.pos += match[0].length;
    const body = match[1]!;
    const escapes: Record<string, number> = { n: 10, r: 13, t: 9, "0": 0, "\\": 92, "'": 39 };
    return BigInt(body.length === 2 ? escapes[body[1]!] ?? body.charCodeAt(1) : body.charCodeAt(0));
  }

  private number(): bigint {
    const match = /^(0x[0-9a-f]+|0b[01]+|0o[0-7]+|\d+)(?![0-9a-z_])/i.exec(this.text.slice(this.pos));
    if (match === null) {
      const rest = this.text.slice(this.pos);
      throw new ExpressionError(rest === "" ? "expression expected" : `invalid number '${rest.split(/[\s)]/)[0]}'`);
    }
    this.pos += match[0].length;
    return BigInt(match[1]!.toLowerCase()) & MASK;
  }
}

function apply(op: string, a: bigint, b: bigint): bigint {
  switch (op) {
    case "+": return a + b;
    case "-": return a - b;
    case "*": return a * b;
    case "/": if (b === 0n) throw new ExpressionError("division by zero"); return a / b;
    case "%": if (b === 0n) throw new ExpressionError("division by zero"); return a % b;
    case "<<": return b >= 32n ? 0n : a << b;
    case ">>": return b >= 32n ? 0n : a >> b;
    case "&": return a & b;
    case "^": return a ^ b;
    default: return a | b;
  }
}

/** Evaluates `text`; returns an unsigned 32-bit number. Throws ExpressionError on bad syntax. */
export function evaluateExpression(text: string, env: ExpressionEnvironment): number {
  return Number(new ExpressionParser(text, env).parse());
}

/**
 * Length of the expression at the start of `text` when expressions are space-separated
 * arguments (`x /4x $esp + 8`: QEMU lets an expression contain spaces, so it ends where the
 * next token cannot continue it). Returns the index just after the expression.
 */
export function expressionExtent(text: string): number {
  // An expression continues while the next non-space token is a binary operator or an operand
  // after an operator; a bare operand after an operand starts the next argument.
  let i = 0;
  let expectOperand = true;
  let depth = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const space = /^\s+/.exec(rest);
    if (space !== null) {
      const after = rest.slice(space[0].length);
      // After an operand, `4 / 2` continues the expression but `4 /tmp/f` starts a new argument:
      // an operator preceded by a space must also be followed by one (or be a closing paren).
      if (!expectOperand && depth === 0 && !/^((<<|>>|[-+*/%&|^])(\s|$)|\))/.test(after)) return i;
      i += space[0].length;
      continue;
    }
    const c = text[i]!;
    if (c === "(") { depth++; i++; expectOperand = true; continue; }
    if (c === ")") { depth--; i++; expectOperand = false; continue; }
    const op = /^(<<|>>|[-+*/%&|^~])/.exec(rest);
    if (op !== null) { i += op[0].length; expectOperand = true; continue; }
    const operand = /^('(\\.|[^'\\])'|\$?[0-9a-z_]+)/i.exec(rest);
    if (operand === null) return i;
    if (!expectOperand && depth === 0) return i;
    i += operand[0].length;
    expectOperand = false;
  }
  return i;
}
