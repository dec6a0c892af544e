#include "build_version.h"

// Written by the build (the Makefile's version-header, from git describe), and absent from a plain `swift build`.
// Swift has no valued compilation conditions; a C string constant carries it.
#if __has_include("generated/version.h")
#include "generated/version.h"
#endif
#ifndef TICKETJOBS_VERSION
#define TICKETJOBS_VERSION "dev"
#endif

const char *ticketjobs_build_version(void) { return TICKETJOBS_VERSION; }
