// The ZIP container of an Inspect AI `.eval` log: its members by name, each read on demand.
// yauzl reads the central directory (names, sizes, methods: no member data) and then one member at
// a time from the file, so a log is never held whole: the importer keeps one sample's JSON at once.
// Members are stored (0), deflated (8) or Zstandard-compressed (93, what Inspect writes since it
// switched to zstd). yauzl inflates method 8 itself; for 93 it hands out the raw bytes
// (decodeFileData: false) and fzstd decompresses them (pure JavaScript, the decoder Inspect's own
// viewer uses; it reads the multi-frame members Inspect writes for members over 200 MiB).
import { decompress as zstdDecompress } from "fzstd";
import yauzl from "yauzl";

export const ZIP_STORED = 0;
export const ZIP_DEFLATE = 8;
export const ZIP_ZSTD = 93;

export interface ZipMember {
  name: string;
  /** ZIP compression method: 0 stored, 8 deflate, 93 zstd */
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  /** how many members of this name the archive has (Inspect appends a re-logged member again); this is the last */
  copies: number;
  entry: yauzl.Entry;
}

export interface ZipArchive {
  /** one member per name, the last one written of each (the archive's central directory order) */
  members: Map<string, ZipMember>;
  /** the member's content; throws ZipMemberError */
  read(member: ZipMember): Promise<Buffer>;
  close(): void;
}

/** A member that cannot be read (unknown method, corrupt data): the message names the member. */
export class ZipMemberError extends Error {
  constructor(
    readonly member: string,
    message: string,
  ) {
    super(`${member}: ${message}`);
    this.name = "ZipMemberError";
  }
}

function openZipFile(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    // strictFileNames off: member names are only compared, never used as paths
    yauzl.open(file, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (error, zipfile) =>
      error ? reject(error) : resolve(zipfile),
    );
  });
}

function listEntries(zipfile: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    zipfile.on("entry", (entry: yauzl.Entry) => {
      entries.push(entry);
      zipfile.readEntry();
    });
    zipfile.once("end", () => resolve(entries));
    zipfile.once("error", reject);
    zipfile.readEntry();
  });
}

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Opens a ZIP file and reads its central directory. Throws yauzl's error when it is no (complete) ZIP. */
export async function openZip(file: string): Promise<ZipArchive> {
  const zipfile = await openZipFile(file);
  try {
    const members = new Map<string, ZipMember>();
    for (const entry of await listEntries(zipfile)) {
      if (entry.fileName.endsWith("/")) continue; // a directory entry
      const copies = (members.get(entry.fileName)?.copies ?? 0) + 1;
      // delete first: a re-logged member takes the place of its last copy in the order
      members.delete(entry.fileName);
      members.set(entry.fileName, {
        name: entry.fileName,
        method: entry.compressionMethod,
        compressedSize: entry.compressedSize,
        uncompressedSize: entry.uncompressedSize,
        copies,
        entry,
      });
    }
    return {
      members,
      read: (member) => readMember(zipfile, member),
      close: () => zipfile.close(),
    };
  } catch (error) {
    zipfile.close();
    throw error;
  }
}

async function readMember(zipfile: yauzl.ZipFile, member: ZipMember): Promise<Buffer> {
  const fail = (message: string): never => {
    throw new ZipMemberError(member.name, message);
  };
  if (member.entry.isEncrypted()) fail("the member is encrypted");
  let content: Buffer;
  try {
    if (member.method === ZIP_STORED || member.method === ZIP_DEFLATE) {
      content = await collect(await zipfile.openReadStreamPromise(member.entry));
    } else if (member.method === ZIP_ZSTD) {
      const compressed = await collect(await zipfile.openReadStreamPromise(member.entry, { decodeFileData: false }));
      const data = zstdDecompress(compressed);
      content = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    } else {
      return fail(`compression method ${member.method} is not supported (expected 0 stored, 8 deflate or 93 zstd)`);
    }
  } catch (error) {
    if (error instanceof ZipMemberError) throw error;
    return fail(`cannot read the member: ${(error as Error).message}`);
  }
  if (content.length !== member.uncompressedSize) {
    fail(`the member is ${content.length} bytes once decompressed, but the ZIP directory says ${member.uncompressedSize}`);
  }
  return content;
}
