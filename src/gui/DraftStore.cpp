// SPDX-License-Identifier: GPL-3.0-or-later
#include "DraftStore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTimer>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcDraft, "leadrelay.gui.draft")

namespace LeadRelay
{

DraftStore::DraftStore(const QString &path, QObject *parent)
    : QObject(parent)
    , m_path(path)
    , m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    m_timer->setInterval(DebounceMs);
    connect(m_timer, &QTimer::timeout, this, [this] { saveNow(m_pending); });
}

QString DraftStore::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + u"/draft.json"_s;
}

DraftStore::Loaded DraftStore::load()
{
    Loaded result;
    QFile file(m_path);
    if (!file.exists())
        return result;
    result.savedAt = QFileInfo(file).lastModified();
    QString error;
    if (!file.open(QIODevice::ReadOnly)) {
        error = file.errorString();
    } else {
        // A draft is a few KiB; anything huge is not ours.
        const QByteArray bytes = file.read(1024 * 1024);
        file.close();
        const LeadReadResult read = leadFromJson(bytes);
        if (read.lead) {
            result.lead = read.lead;
            return result;
        }
        error = read.error;
    }
    const QString broken = m_path + u".broken"_s;
    QFile::remove(broken);
    if (QFile::rename(m_path, broken))
        result.brokenPath = broken;
    else
        qCWarning(lcDraft) << "could not set the broken draft aside";
    result.error = error;
    qCWarning(lcDraft) << "draft could not be read:" << error;
    return result;
}

void DraftStore::schedule(const Lead &lead)
{
    m_pending = lead;
    m_timer->start();
}

bool DraftStore::saveNow(const Lead &lead)
{
    m_timer->stop();
    if (lead.isEmpty())
        return remove();
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly)) {
        m_error = file.errorString();
        Q_EMIT failed(m_error);
        return false;
    }
    // The draft holds personal data: owner-only before a byte is written, so it is never readable by others,
    // not even the first draft between the write and the rename.
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(lead.toJsonBytes());
    if (!file.commit()) {
        m_error = file.errorString();
        Q_EMIT failed(m_error);
        return false;
    }
    QFile::setPermissions(m_path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    m_error.clear();
    Q_EMIT saved();
    return true;
}

void DraftStore::flush()
{
    if (m_timer->isActive())
        saveNow(m_pending);
}

void DraftStore::cancel()
{
    m_timer->stop();
}

bool DraftStore::remove()
{
    m_timer->stop();
    return !QFile::exists(m_path) || QFile::remove(m_path);
}

bool DraftStore::exists() const
{
    return QFile::exists(m_path);
}

bool DraftStore::isPending() const
{
    return m_timer->isActive();
}

} // namespace LeadRelay
