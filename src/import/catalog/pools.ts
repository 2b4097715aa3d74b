/**
 * Compact stores for what an IMDb import keeps of millions of rows: one growing typed array or byte
 * buffer instead of millions of small JS arrays and strings (each costs tens of bytes of overhead).
 */

/** Integers appended in order, read back by position. */
export class IntPool {
  #data = new Int32Array(1 << 16);
  #length = 0;

  get length(): number {
    return this.#length;
  }

  push(value: number): number {
    if (this.#length === this.#data.length) {
      const bigger = new Int32Array(this.#data.length * 2);
      bigger.set(this.#data);
      this.#data = bigger;
    }
    this.#data[this.#length] = value;
    return this.#length++;
  }

  at(index: number): number {
    return this.#data[index]!;
  }

  set(index: number, value: number): void {
    this.#data[index] = value;
  }
}

/** Strings appended in order as UTF-8 bytes, read back by position; `undefined` is kept as such. */
export class TextPool {
  #bytes = Buffer.allocUnsafe(1 << 20);
  #used = 0;
  /** Byte end of each entry, or -(end + 1) for an undefined entry (which takes no bytes). */
  readonly #ends = new IntPool();

  get length(): number {
    return this.#ends.length;
  }

  push(text: string | undefined): number {
    if (text === undefined) return this.#ends.push(-(this.#used + 1));
    const size = Buffer.byteLength(text);
    if (this.#used + size > this.#bytes.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.#bytes.length * 2, this.#used + size));
      this.#bytes.copy(bigger, 0, 0, this.#used);
      this.#bytes = bigger;
    }
    this.#used += this.#bytes.write(text, this.#used);
    return this.#ends.push(this.#used);
  }

  at(index: number): string | undefined {
    const end = this.#ends.at(index);
    if (end < 0) return undefined;
    const previous = index === 0 ? 0 : this.#ends.at(index - 1);
    return this.#bytes.toString('utf8', previous < 0 ? -previous - 1 : previous, end);
  }
}
