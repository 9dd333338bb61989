// SPDX-License-Identifier: GPL-3.0-or-later
#include "OneShotUploadDevice.h"

#include "NetLog.h"

#include <cstring>

namespace LeadRelay
{

OneShotUploadDevice::OneShotUploadDevice(const QByteArray &data, QObject *parent)
    : QIODevice(parent)
    , m_data(data)
{
    // Unbuffered: QIODevice must not read ahead, so the high-water mark is what Qt's HTTP code really took.
    open(QIODevice::ReadOnly | QIODevice::Unbuffered);
}

bool OneShotUploadDevice::seek(qint64 pos)
{
    if (pos < m_highWater) {
        m_rewindRefused = true;
        qCWarning(lcNet) << "refused to rewind a request body already handed to the network: no automatic resend";
        return false;
    }
    if (pos > m_data.size())
        return false;
    return QIODevice::seek(pos);
}

bool OneShotUploadDevice::reset()
{
    return seek(0);
}

qint64 OneShotUploadDevice::readData(char *data, qint64 maxSize)
{
    const qint64 position = pos();
    const qint64 count = qMin(maxSize, qint64(m_data.size()) - position);
    if (count <= 0)
        return 0;
    std::memcpy(data, m_data.constData() + position, size_t(count));
    m_highWater = qMax(m_highWater, position + count);
    return count;
}

qint64 OneShotUploadDevice::writeData(const char *, qint64)
{
    return -1;
}

} // namespace LeadRelay
