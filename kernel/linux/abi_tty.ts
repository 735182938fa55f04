// Linux i386 terminal ABI: tty ioctl numbers and kernel termios bits/indices. x86 uses the generic
// values: include/uapi/asm-generic/ioctls.h, termbits.h, termbits-common.h. Data only. Platform-neutral.

/** ioctl(2) request numbers for terminals and files (asm-generic/ioctls.h). */
export const Ioctl = {
  TCGETS: 0x5401,
  TCSETS: 0x5402,
  TCSETSW: 0x5403,
  TCSETSF: 0x5404,
  TCGETA: 0x5405,
  TCSETA: 0x5406,
  TCSETAW: 0x5407,
  TCSETAF: 0x5408,
  TCSBRK: 0x5409,
  TCXONC: 0x540a,
  TCFLSH: 0x540b,
  TIOCEXCL: 0x540c,
  TIOCNXCL: 0x540d,
  TIOCSCTTY: 0x540e,
  TIOCGPGRP: 0x540f,
  TIOCSPGRP: 0x5410,
  TIOCOUTQ: 0x5411,
  TIOCSTI: 0x5412,
  TIOCGWINSZ: 0x5413,
  TIOCSWINSZ: 0x5414,
  TIOCMGET: 0x5415,
  TIOCMBIS: 0x5416,
  TIOCMBIC: 0x5417,
  TIOCMSET: 0x5418,
  TIOCGSOFTCAR: 0x5419,
  TIOCSSOFTCAR: 0x541a,
  /** Also TIOCINQ: bytes ready to read. */
  FIONREAD: 0x541b,
  TIOCLINUX: 0x541c,
  TIOCCONS: 0x541d,
  TIOCPKT: 0x5420,
  FIONBIO: 0x5421,
  TIOCNOTTY: 0x5422,
  TIOCSETD: 0x5423,
  TIOCGETD: 0x5424,
  TCSBRKP: 0x5425,
  TIOCGSID: 0x5429,
  /** _IOR('T', 0x2A, struct termios2): 44-byte termios with speeds. */
  TCGETS2: 0x802c_542a,
  TCSETS2: 0x402c_542b,
  TIOCGPTN: 0x8004_5430,
  TIOCSPTLCK: 0x4004_5431,
  TIOCGPTPEER: 0x5441,
  FIONCLEX: 0x5450,
  FIOCLEX: 0x5451,
  FIOASYNC: 0x5452,
  TIOCGLCKTRMIOS: 0x5456,
  TIOCSLCKTRMIOS: 0x5457,
  FIOQSIZE: 0x5460,
} as const;

/** termios c_iflag bits (asm-generic/termbits.h, termbits-common.h). */
export const TermiosIflag = {
  IGNBRK: 0x001,
  BRKINT: 0x002,
  IGNPAR: 0x004,
  PARMRK: 0x008,
  INPCK: 0x010,
  ISTRIP: 0x020,
  INLCR: 0x040,
  IGNCR: 0x080,
  ICRNL: 0x100,
  IUCLC: 0x0200,
  IXON: 0x0400,
  IXANY: 0x800,
  IXOFF: 0x1000,
  IMAXBEL: 0x2000,
  IUTF8: 0x4000,
} as const;

/** termios c_oflag bits (asm-generic/termbits.h). */
export const TermiosOflag = {
  OPOST: 0x01,
  OLCUC: 0x02,
  ONLCR: 0x04,
  OCRNL: 0x08,
  ONOCR: 0x10,
  ONLRET: 0x20,
  OFILL: 0x40,
  OFDEL: 0x80,
  TABDLY: 0x1800,
  XTABS: 0x1800,
} as const;

/** termios c_cflag bits and baud codes (asm-generic/termbits.h). */
export const TermiosCflag = {
  CBAUD: 0x100f,
  B0: 0x0,
  B9600: 0xd,
  B19200: 0xe,
  B38400: 0xf,
  B115200: 0x1002,
  CSIZE: 0x30,
  CS5: 0x00,
  CS6: 0x10,
  CS7: 0x20,
  CS8: 0x30,
  CSTOPB: 0x40,
  CREAD: 0x80,
  PARENB: 0x100,
  PARODD: 0x200,
  HUPCL: 0x400,
  CLOCAL: 0x800,
  CBAUDEX: 0x1000,
} as const;

/** termios c_lflag bits (asm-generic/termbits.h). */
export const TermiosLflag = {
  ISIG: 0x0001,
  ICANON: 0x0002,
  XCASE: 0x0004,
  ECHO: 0x0008,
  ECHOE: 0x0010,
  ECHOK: 0x0020,
  ECHONL: 0x0040,
  NOFLSH: 0x0080,
  TOSTOP: 0x0100,
  ECHOCTL: 0x0200,
  ECHOPRT: 0x0400,
  ECHOKE: 0x0800,
  FLUSHO: 0x1000,
  PENDIN: 0x4000,
  IEXTEN: 0x8000,
  EXTPROC: 0x1_0000,
} as const;

/** Indices into the kernel termios c_cc[NCCS] array (asm-generic/termbits.h). */
export const ControlChar = {
  VINTR: 0,
  VQUIT: 1,
  VERASE: 2,
  VKILL: 3,
  VEOF: 4,
  VTIME: 5,
  VMIN: 6,
  VSWTC: 7,
  VSTART: 8,
  VSTOP: 9,
  VSUSP: 10,
  VEOL: 11,
  VREPRINT: 12,
  VDISCARD: 13,
  VWERASE: 14,
  VLNEXT: 15,
  VEOL2: 16,
  /** Size of the kernel's c_cc (glibc's struct termios has 32; the kernel's has 19). */
  NCCS: 19,
} as const;

/** TCFLSH and TCXONC arguments (asm-generic/termbits-common.h). */
export const TtyControl = {
  TCIFLUSH: 0,
  TCOFLUSH: 1,
  TCIOFLUSH: 2,
  TCOOFF: 0,
  TCOON: 1,
  TCIOFF: 2,
  TCION: 3,
} as const;
