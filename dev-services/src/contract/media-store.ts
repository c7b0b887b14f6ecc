import { createHash, randomBytes } from 'node:crypto';

/** What a photo/video service knows about a media file (read once at seed time, see seed/facts.ts). */
export interface MediaFacts {
  width: number | null;
  height: number | null;
  /** Capture time as the camera wrote it (local, no offset), ISO 8601. */
  takenAt: string | null;
  make: string | null;
  model: string | null;
  fNumber: number | null;
  exposureTime: number | null;
  iso: number | null;
  focalLength: number | null;
  orientation: number | null;
  lat: number | null;
  lon: number | null;
  alt: number | null;
  durationMs: number | null;
}

export interface Thumbnail {
  bytes: Buffer;
  width: number;
  height: number;
}

/** A file to load into a contract server. `path` is '/'-separated from the drive root, e.g. 'Pictures/2020/a.jpg'. */
export interface SeedFile {
  path: string;
  bytes: Buffer;
  mimeType: string;
  facts?: MediaFacts | null;
  /** Served for every size; null when the file has none. */
  thumbnail?: Thumbnail | null;
  modifiedAt?: number;
}

export interface Permission {
  id: string;
  /** Graph sharing-link type: `view` opens the item for anyone with the link, `embed` is OneDrive personal's embed. */
  type: 'view' | 'embed';
  token: string;
  expiresAt: number | null;
  revoked: boolean;
}

export interface StoredNode {
  id: string;
  name: string;
  parentId: string | null;
  folder: boolean;
  content: Buffer | null;
  mimeType: string;
  facts: MediaFacts | null;
  thumbnail: Thumbnail | null;
  createdAt: number;
  modifiedAt: number;
  /** Bumped on every content change; part of eTag/cTag. */
  version: number;
  /** Creation order, for stable full listings. */
  createdSeq: number;
  /** Change sequence of the last change; delta/changes report nodes with seq above the checkpoint. */
  seq: number;
  deleted: boolean;
  /** In the bin (Drive: `trashed`); hidden from live listings but not yet deleted. */
  trashed: boolean;
  /** The root folder of a Drive shared drive (its id is the driveId). */
  sharedDriveRoot?: boolean;
  permissions: Permission[];
  sha256: string | null;
  md5: string | null;
  sha1: string | null;
}

/**
 * One drive's files and folders plus a change log, shared by the Graph and Drive servers. Deleted
 * nodes stay as tombstones so change feeds can report them.
 */
export class MediaStore {
  seq = 0;
  /** Checkpoints below this are too old: the server answers 410 and the client resyncs. */
  minSeq = 0;
  readonly rootId: string;
  private readonly nodes = new Map<string, StoredNode>();
  private createdCounter = 0;

  constructor(
    private readonly newId: () => string,
    private readonly now: () => number = Date.now,
  ) {
    this.rootId = newId();
    this.nodes.set(this.rootId, this.makeNode({ id: this.rootId, name: 'root', parentId: null, folder: true }));
  }

  get(id: string): StoredNode | undefined {
    const node = this.nodes.get(id);
    return node && !node.deleted ? node : undefined;
  }

  getAny(id: string): StoredNode | undefined {
    return this.nodes.get(id);
  }

  /** Live nodes (root included) in creation order; trashed ones only when asked for. */
  live(includeTrashed = false): StoredNode[] {
    return [...this.nodes.values()]
      .filter((n) => !n.deleted && (includeTrashed || !n.trashed))
      .sort((a, b) => a.createdSeq - b.createdSeq);
  }

  /**
   * Bytes of file content not yet deleted for good: `inBin` is the part in the bin, which the providers still
   * count as used storage (Graph quota `deleted`, Drive `usageInDriveTrash`). Shared-drive files count against
   * the organisation, not the user (Drive About.storageQuota), so they are left out.
   */
  usage(): { used: number; inBin: number } {
    let used = 0;
    let inBin = 0;
    for (const n of this.nodes.values()) {
      if (n.deleted || !n.content || n.sharedDriveRoot || this.sharedDriveOf(n) !== null) continue;
      used += n.content.length;
      if (n.trashed) inBin += n.content.length;
    }
    return { used, inBin };
  }

  /** Nodes changed in (fromSeq, toSeq], tombstones included, in change order. */
  changedBetween(fromSeq: number, toSeq: number): StoredNode[] {
    return [...this.nodes.values()].filter((n) => n.seq > fromSeq && n.seq <= toSeq).sort((a, b) => a.seq - b.seq);
  }

  /** Folder path of a node's parent, '' for the root, e.g. 'Pictures/2020'. */
  folderPath(node: StoredNode): string {
    const names: string[] = [];
    let parent = node.parentId ? this.nodes.get(node.parentId) : undefined;
    while (parent && parent.id !== this.rootId) {
      names.unshift(parent.name);
      parent = parent.parentId ? this.nodes.get(parent.parentId) : undefined;
    }
    return names.join('/');
  }

  /** Adds a file below the drive's root, or below the root of shared drive `driveId`. */
  addFile(file: SeedFile, driveId: string = this.rootId): StoredNode {
    const parts = file.path.split('/').filter(Boolean);
    const name = parts.pop();
    if (!name) throw new Error(`empty path: ${file.path}`);
    const parentId = this.ensureFolder(parts, driveId);
    const node = this.makeNode({ id: this.newId(), name, parentId, folder: false });
    node.mimeType = file.mimeType;
    node.facts = file.facts ?? null;
    node.thumbnail = file.thumbnail ?? null;
    if (file.modifiedAt) node.modifiedAt = file.modifiedAt;
    this.setContent(node, file.bytes);
    this.nodes.set(node.id, node);
    this.touch(node);
    return node;
  }

  /**
   * A new folder, or a file when `file` is given, directly below `parentId`. Unlike addFile it never reuses a
   * node of the same name: Drive's files.create makes a new item even when the name is taken.
   */
  addChild(parentId: string, name: string, file?: { bytes: Buffer; mimeType: string }): StoredNode {
    const node = this.makeNode({ id: this.newId(), name, parentId, folder: !file });
    if (file) {
      node.mimeType = file.mimeType;
      this.setContent(node, file.bytes);
    }
    this.nodes.set(node.id, node);
    this.touch(node);
    return node;
  }

  /** Replaces a file's content and/or name, as an edit in the owner's client would. */
  changeFile(id: string, change: { bytes?: Buffer; name?: string }): StoredNode {
    const node = this.require(id);
    if (change.bytes) this.setContent(node, change.bytes);
    if (change.name) node.name = change.name;
    node.version++;
    node.modifiedAt = this.now();
    this.touch(node);
    return node;
  }

  /** Deletes a node and, for folders, everything below it. */
  remove(id: string): void {
    const node = this.require(id);
    for (const child of [...this.nodes.values()].filter((n) => n.parentId === id && !n.deleted)) this.remove(child.id);
    node.deleted = true;
    for (const p of node.permissions) p.revoked = true;
    this.touch(node);
  }

  /**
   * Renames and/or moves a file or folder (`parentPath` '' is the root). Only the node itself changes: what is
   * below a folder keeps its ids and is not reported again (Graph driveItem-delta remarks: "renaming a folder
   * doesn't result in any descendants of the folder being returned from delta").
   */
  move(id: string, change: { name?: string; parentPath?: string }): StoredNode {
    const node = this.require(id);
    if (change.parentPath !== undefined) {
      const parentId = this.ensureFolder(change.parentPath.split('/').filter(Boolean));
      for (
        let p: StoredNode | undefined = this.nodes.get(parentId);
        p;
        p = p.parentId ? this.nodes.get(p.parentId) : undefined
      )
        if (p.id === id) throw new Error(`cannot move ${id} below itself`);
      node.parentId = parentId;
    }
    if (change.name) node.name = change.name;
    node.modifiedAt = this.now();
    this.touch(node);
    return node;
  }

  /**
   * Moves a node to the bin, and with a folder everything below it: "If the target item is a folder, all
   * descendants of the folder are also trashed" (Drive v3 File.trashed, discovery document). Each is reported
   * (Drive trashed=true; Graph as deleted).
   */
  trash(id: string): void {
    for (const node of this.subtree(this.require(id))) {
      node.trashed = true;
      this.touch(node);
    }
  }

  /** Takes a node (and what the bin took with it) out of the bin: the items come back with their ids. */
  restore(id: string): void {
    const node = this.nodes.get(id);
    if (!node || node.deleted || !node.trashed) throw new Error(`not in the bin: ${id}`);
    for (const n of this.subtree(node)) {
      n.trashed = false;
      this.touch(n);
    }
  }

  /** A node and every live node below it. */
  private subtree(root: StoredNode): StoredNode[] {
    const out = [root];
    for (let i = 0; i < out.length; i++) {
      const parent = out[i] as StoredNode;
      for (const n of this.nodes.values()) if (n.parentId === parent.id && !n.deleted) out.push(n);
    }
    return out;
  }

  /** A Drive shared drive: a root folder of its own (no parent), whose id is the `driveId` of what is in it. */
  addSharedDrive(name: string): StoredNode {
    const root = this.makeNode({ id: `0A${this.newId().slice(2)}`, name, parentId: null, folder: true });
    root.sharedDriveRoot = true;
    this.nodes.set(root.id, root);
    this.touch(root);
    return root;
  }

  /** The shared drive a node is in (its root's id), or null for the user's own drive. */
  sharedDriveOf(node: StoredNode): string | null {
    let n: StoredNode | undefined = node;
    while (n?.parentId) n = this.nodes.get(n.parentId);
    return n?.sharedDriveRoot ? n.id : null;
  }

  /** Forgets the change history: every checkpoint issued so far answers 410. */
  expireCheckpoints(): void {
    this.seq++;
    this.minSeq = this.seq;
  }

  findByPath(path: string): StoredNode | undefined {
    const parts = path.split('/').filter(Boolean);
    let current = this.nodes.get(this.rootId);
    for (const part of parts) {
      current = [...this.nodes.values()].find((n) => !n.deleted && n.parentId === current?.id && n.name === part);
      if (!current) return undefined;
    }
    return current;
  }

  addPermission(node: StoredNode, expiresAt: number | null, type: Permission['type'] = 'view'): Permission {
    const permission = {
      id: randomBytes(9).toString('hex'),
      type,
      token: randomBytes(18).toString('base64url'),
      expiresAt,
      revoked: false,
    };
    node.permissions.push(permission);
    return permission;
  }

  /** The node and permission behind a public link token, or why it can't be served. */
  resolveShare(token: string): { node: StoredNode; permission: Permission } | 'not_found' | 'expired' {
    for (const node of this.nodes.values()) {
      const permission = node.permissions.find((p) => p.token === token);
      if (!permission) continue;
      if (permission.revoked || node.deleted) return 'not_found';
      if (permission.expiresAt !== null && permission.expiresAt <= this.now()) return 'expired';
      return { node, permission };
    }
    return 'not_found';
  }

  /** The id of folder `names` below the root, created as needed. */
  ensureFolder(names: string[], rootId: string = this.rootId): string {
    let parentId = rootId;
    for (const name of names) {
      const existing = [...this.nodes.values()].find(
        (n) => !n.deleted && n.folder && n.parentId === parentId && n.name === name,
      );
      if (existing) {
        parentId = existing.id;
        continue;
      }
      const folder = this.makeNode({ id: this.newId(), name, parentId, folder: true });
      this.nodes.set(folder.id, folder);
      this.touch(folder);
      parentId = folder.id;
    }
    return parentId;
  }

  private require(id: string): StoredNode {
    const node = this.get(id);
    if (!node) throw new Error(`no such item: ${id}`);
    return node;
  }

  private touch(node: StoredNode): void {
    node.seq = ++this.seq;
  }

  private setContent(node: StoredNode, bytes: Buffer): void {
    node.content = bytes;
    node.sha256 = createHash('sha256').update(bytes).digest('hex');
    node.sha1 = createHash('sha1').update(bytes).digest('hex');
    node.md5 = createHash('md5').update(bytes).digest('hex');
  }

  private makeNode(base: { id: string; name: string; parentId: string | null; folder: boolean }): StoredNode {
    const t = this.now();
    return {
      ...base,
      content: null,
      mimeType: base.folder ? 'folder' : 'application/octet-stream',
      facts: null,
      thumbnail: null,
      createdAt: t,
      modifiedAt: t,
      version: 1,
      createdSeq: ++this.createdCounter,
      seq: 0,
      deleted: false,
      trashed: false,
      permissions: [],
      sha256: null,
      md5: null,
      sha1: null,
    };
  }
}
