/* Version of libeventc; generated code checks it at compile time. */
#ifndef EVENTC_VERSION_H
#define EVENTC_VERSION_H

#define EVC_VERSION_MAJOR 0
#define EVC_VERSION_MINOR 1
#define EVC_VERSION_PATCH 0
#define EVC_VERSION_STRING "0.1.0"
/* Bumped whenever the contract between generated code and the runtime changes. */
#define EVC_ABI_VERSION 8

#endif
