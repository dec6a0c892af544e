#ifndef TICKETJOBS_BUILD_VERSION_H
#define TICKETJOBS_BUILD_VERSION_H

/// The version the build was given (`make` passes `git describe`), or "dev".
const char *ticketjobs_build_version(void);

#endif
