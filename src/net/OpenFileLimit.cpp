// SPDX-License-Identifier: GPL-3.0-or-later
#include "OpenFileLimit.h"

#include "NetLog.h"

#ifdef Q_OS_UNIX
#include <sys/resource.h>

#include <cerrno>
#include <cstring>
#endif

namespace LeadRelay
{

quint64 openFileLimit()
{
#ifdef Q_OS_UNIX
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY)
        return 0;
    return quint64(limit.rlim_cur);
#else
    return 0;
#endif
}

quint64 raiseOpenFileLimit()
{
#ifdef Q_OS_UNIX
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return 0;
    if (limit.rlim_cur != limit.rlim_max) {
        const rlim_t before = limit.rlim_cur;
        limit.rlim_cur = limit.rlim_max;
        if (::setrlimit(RLIMIT_NOFILE, &limit) == 0)
            qCInfo(lcNet) << "open-file limit raised from" << quint64(before) << "to" << quint64(limit.rlim_cur);
        else
            qCWarning(lcNet) << "cannot raise the open-file limit from" << quint64(before) << std::strerror(errno);
    }
    return openFileLimit();
#else
    return 0;
#endif
}

} // namespace LeadRelay
