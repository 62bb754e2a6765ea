/**
 * macOS only: where an open file is, from the kernel — what fcntl(F_GETPATH) answers, asked
 * through proc_pidfdinfo(PROC_PIDFDVNODEPATHINFO) because fcntl is variadic, which bun:ffi cannot
 * call correctly on arm64 (variadic arguments go on the stack there).
 *
 * struct vnode_fdinfowithpath (sys/proc_info.h) = proc_fileinfo (24 bytes) + vnode_info (152)
 * + vip_path[MAXPATHLEN = 1024]: 1200 bytes, the path at offset 176. Any surprise (no library or
 * symbol, a short answer, no leading "/") gives null, and the caller falls back to its portable
 * check. Not testable on Linux CI: reviewed by hand, keep it this small.
 */
import { dlopen, FFIType } from "bun:ffi";

const PROC_PIDFDVNODEPATHINFO = 2;
const INFO_SIZE = 1200;
const PATH_OFFSET = 176;
const SLASH = 47;

let lookup: ((fd: number) => string | null) | null | undefined;

export function macFdPath(fd: number): string | null {
  if (lookup === undefined) lookup = load();
  return lookup === null ? null : lookup(fd);
}

function load(): ((fd: number) => string | null) | null {
  try {
    const { symbols } = dlopen("/usr/lib/libSystem.B.dylib", {
      proc_pidfdinfo: { args: [FFIType.i32, FFIType.i32, FFIType.i32, FFIType.ptr, FFIType.i32], returns: FFIType.i32 },
    });
    const info = new Uint8Array(INFO_SIZE);
    return (fd) => {
      info.fill(0);
      const filled = symbols.proc_pidfdinfo(process.pid, fd, PROC_PIDFDVNODEPATHINFO, info, INFO_SIZE);
      if (filled !== INFO_SIZE || info[PATH_OFFSET] !== SLASH) return null;
      const end = info.indexOf(0, PATH_OFFSET);
      return new TextDecoder().decode(info.subarray(PATH_OFFSET, end === -1 ? INFO_SIZE : end));
    };
  } catch {
    return null;
  }
}
