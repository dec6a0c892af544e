#ifndef TICKETJOBS_SQLITE_SETUP_H
#define TICKETJOBS_SQLITE_SETUP_H

/// Puts SQLite in multi-thread mode without memory statistics, before anything initialises it: every
/// connection is used by one thread at a time (GRDB serialises them), so the per-call connection mutex and the
/// global mutex around each allocation's statistics are pure cost. sqlite3_config is variadic, which Swift
/// cannot call. Returns SQLITE_OK, or SQLITE_MISUSE when SQLite was initialised already (nothing changes then).
int ticketjobs_sqlite_setup(void);

#endif
