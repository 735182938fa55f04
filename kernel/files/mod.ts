// The file layers of the kernel (thesis §3.3): Storage, NFSII, the VFS, tmpfs, synthetic nodes,
// pipes and per-process fd tables. Platform-neutral.
export { type BlockDevice, SECTOR_SIZE } from "./block_device.ts";
export { RamDisk } from "./ram_disk.ts";
export { Storage, type StorageOptions, type StorageStats } from "./storage.ts";
export * from "./file_mode.ts";
export {
  type DirEntry, type FileSystem, Inode, type Stat, type StatFs, type TimeSource, type Timespec,
  allocateDeviceNumber, checkName, wallClock,
} from "./inode.ts";
export { Vfs, type MountEntry, type ParentLookup } from "./vfs.ts";
export { Tmpfs, TmpfsInode, TMPFS_MAGIC, type TmpfsOptions } from "./tmpfs.ts";
export { SyntheticDir, SyntheticFile, SyntheticFs, SyntheticSymlink, type SyntheticFileOptions } from "./synthetic.ts";
export { OpenFile, createPipe, openFifo } from "./open_file.ts";
export { FdTable, MAX_FDS } from "./fd_table.ts";
export { Pipe, PipeEnd, PIPE_CAPACITY, fifoPipe } from "./pipe.ts";
export { WaitQueue } from "./wait_queue.ts";
export { encodeDirents32, encodeDirents64 } from "./dirent.ts";
export * from "./nfs2/mod.ts";
