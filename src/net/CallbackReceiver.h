// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHostAddress>
#include <QObject>

#include <memory>

namespace LeadRelay
{

class HistoryStore;

// Receives vendors' final results: POST <base>/callback/<vendor>/<token>.
// 200 applied (or already applied), 404 unknown token or vendor, 405 other methods, 413 body over 64 KiB.
class CallbackReceiver : public QObject
{
    Q_OBJECT

public:
    static constexpr qsizetype MaxBodyBytes = 64 * 1024;

    explicit CallbackReceiver(HistoryStore *store, QObject *parent = nullptr);
    ~CallbackReceiver() override;

    bool listen(const QHostAddress &address, quint16 port);
    quint16 port() const;

    // A fresh token of at least 128 random bits, URL-safe.
    static QString newToken();
    // base + "/callback/<vendor>/<token>"
    static QUrl callbackUrl(const QUrl &base, const QString &vendorId, const QString &token);

Q_SIGNALS:
    // After a callback changed the history (not for repeats).
    void finalised(const QString &submissionId);
    // One line per callback, no personal data: "ntherm <token prefix> 200 applied".
    void logLine(const QString &line);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace LeadRelay
