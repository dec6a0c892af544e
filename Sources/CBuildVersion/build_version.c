#include "build_version.h"

// Set by the build: swift build -Xcc -DTICKETJOBS_VERSION='"v1.2.0"' (the Makefile does, from git describe).
// Swift has no valued compilation conditions; a C string constant carries it.
#ifndef TICKETJOBS_VERSION
#define TICKETJOBS_VERSION "dev"
#endif

const char *ticketjobs_build_version(void) { return TICKETJOBS_VERSION; }
