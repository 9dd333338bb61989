// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The cold-start tests check what the first screen loads: the shared objects mapped into this process.
#include <QFile>
#include <QString>
#include <QStringList>

namespace LeadRelay::Test
{

// The shared objects mapped into this process whose path contains `folder` (e.g. "/imageformats/").
inline QStringList mapped(const QString &folder)
{
    QFile maps(QStringLiteral("/proc/self/maps"));
    if (!maps.open(QIODevice::ReadOnly))
        return {QStringLiteral("(cannot read /proc/self/maps)")};
    QStringList found;
    const QStringList lines = QString::fromLocal8Bit(maps.readAll()).split(u'\n');
    for (const QString &line : lines) {
        const QString path = line.section(u' ', -1);
        if (path.contains(folder) && !found.contains(path))
            found.append(path);
    }
    return found;
}

} // namespace LeadRelay::Test
