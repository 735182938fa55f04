// NFSII public API: mount, mkfs/imgbuild, the on-disk layout. Platform-neutral.
export { Nfs2FileSystem, type Nfs2MountOptions, NFS2_STATFS_MAGIC } from "./file_system.ts";
export { Nfs2Inode } from "./inode.ts";
export { buildImage, formatNfs2, type MkfsOptions, type TreeEntry } from "./mkfs.ts";
export { NFS2_MAGIC, NodeType, type NodeRecord, type Superblock } from "./layout.ts";
export { ExtentAllocator, type Extent } from "./extent_allocator.ts";
