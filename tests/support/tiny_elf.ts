// tiny_elf.ts — builds the smallest static i386 Linux ELF there is: `exit(code)` via int 0x80.
// Used to ask "does this host run i386 binaries?" without depending on any built file.
// Layout from the System V ABI i386 supplement (ELF header 52 bytes, program header 32 bytes).

/** ELF32 constants used below (System V gABI, "ELF Header" and "Program Header" tables). */
const Elf = {
  headerSize: 52,
  programHeaderSize: 32,
  typeExec: 2, // e_type ET_EXEC
  machine386: 3, // e_machine EM_386
  ptLoad: 1, // p_type PT_LOAD
  flagsRX: 5, // p_flags PF_R | PF_X
  loadAddress: 0x08048000, // the traditional i386 text base
} as const;

/**
 * Returns the bytes of a static i386 ELF executable whose only instructions are
 * `mov eax, 1; mov ebx, code; int 0x80` (Linux i386 syscall 1 = exit).
 * Contract: 0 <= code <= 255; the result is a complete file, ready to chmod +x and run.
 */
export function tinyExitElf(code: number): Uint8Array {
  const text = [0xb8, 1, 0, 0, 0, 0xbb, code & 0xff, 0, 0, 0, 0xcd, 0x80];
  const codeOffset = Elf.headerSize + Elf.programHeaderSize;
  const size = codeOffset + text.length;
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  bytes.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1]); // \x7fELF, ELFCLASS32, little-endian, version 1
  view.setUint16(16, Elf.typeExec, true);
  view.setUint16(18, Elf.machine386, true);
  view.setUint32(20, 1, true); // e_version
  view.setUint32(24, Elf.loadAddress + codeOffset, true); // e_entry
  view.setUint32(28, Elf.headerSize, true); // e_phoff
  view.setUint16(40, Elf.headerSize, true); // e_ehsize
  view.setUint16(42, Elf.programHeaderSize, true); // e_phentsize
  view.setUint16(44, 1, true); // e_phnum
  const ph = Elf.headerSize;
  view.setUint32(ph + 0, Elf.ptLoad, true);
  view.setUint32(ph + 4, 0, true); // p_offset: map the whole file
  view.setUint32(ph + 8, Elf.loadAddress, true); // p_vaddr
  view.setUint32(ph + 12, Elf.loadAddress, true); // p_paddr
  view.setUint32(ph + 16, size, true); // p_filesz
  view.setUint32(ph + 20, size, true); // p_memsz
  view.setUint32(ph + 24, Elf.flagsRX, true);
  view.setUint32(ph + 28, 0x1000, true); // p_align
  bytes.set(text, codeOffset);
  return bytes;
}
