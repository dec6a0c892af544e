#if canImport(Glibc)
    import Glibc
#endif

/// Tells whether a process recorded in the database (a batch submitter, a first import) is still alive.
public enum ProcessLiveness {
    /// Whether `pid` names a live process other than this one.
    public static func isOtherProcessRunning(pid: Int) -> Bool {
        guard pid > 0, pid != Int(getpid()) else { return false }
        return kill(pid_t(pid), 0) == 0 || errno == EPERM
    }
}
