#ifndef SRS_C_SHIM_H
#define SRS_C_SHIM_H
// Headers that are not part of Swift's Glibc module map: re-exported textually so Swift can use
// epoll/signalfd/timerfd/eventfd/inotify directly.
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <malloc.h>

// accept4 needs _GNU_SOURCE, which must not be defined in a module header (it clashes with
// SwiftGlibc's fd_set), so it is wrapped in shim.c.
int srs_accept4(int fd, struct sockaddr *addr, socklen_t *addrlen, int flags);

// sched_setaffinity needs _GNU_SOURCE too (used by `srs` when asked to pin itself to one core).
int srs_pin_to_cpu(int cpu);

/// CPUs in the calling thread's affinity mask (-1 on error).
int srs_affinity_cpu_count(void);

// TCP_NODELAY etc. are plain ints but the netinet/tcp.h macros do not import as constants everywhere.
int srs_set_tcp_nodelay(int fd, int on);

#endif
