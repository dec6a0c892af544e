#include "sqlite_setup.h"

#include <sqlite3.h>

int ticketjobs_sqlite_setup(void) {
    int threading = sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    if (threading != SQLITE_OK) return threading;
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
