// Types of the CRC32C half of the `crc-32` package (SheetJS; its own typings cover only crc32.js).
declare module 'crc-32/crc32c.js' {
  const crc32c: {
    /** CRC32C of bytes, continuing from `seed` (a previous result) when given; a signed 32-bit integer. */
    buf(data: Uint8Array | number[], seed?: number): number;
    /** CRC32C of a string's UTF-8 encoding. */
    str(data: string, seed?: number): number;
    version: string;
  };
  export default crc32c;
}
