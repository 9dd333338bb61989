// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHostAddress>
#include <QObject>
#include <QSet>
#include <QUrl>

#include <memory>

namespace LeadRelay
{

// Training mode: both vendors' documented behaviour on a loopback port (Qt HttpServer).
// Deterministic rules, written in README.md ("Training simulator"), so a trainer can show each outcome.
//   nTherm: POST /v1/postLead   BHM: POST /post/energy/
class VendorSimulator : public QObject
{
    Q_OBJECT

public:
    // Credentials the simulator accepts; anything else is 401 (nTherm) or "Invalid authorization" (BHM).
    static constexpr auto TrainingUser = "training";
    static constexpr auto TrainingPassword = "training";
    static constexpr int TrainingAffiliateId = 123456;
    static constexpr auto TrainingKey = "00000000-0000-4000-8000-000000000000";

    explicit VendorSimulator(QObject *parent = nullptr);
    ~VendorSimulator() override;

    // Port 0 picks a free port. False when it cannot listen.
    bool listen(const QHostAddress &address = QHostAddress::LocalHost, quint16 port = 0);
    quint16 port() const;
    QUrl baseUrl() const;                         // http://127.0.0.1:PORT
    QUrl endpoint(const QString &vendorId) const; // baseUrl + the vendor's path

    // Delay before nTherm final results are POSTed to call_back_url (default 1500 ms; tests use 0).
    void setCallbackDelayMs(int ms);

Q_SIGNALS:
    // vendorId is empty for a request cut off for size before its path was read (413).
    void requestHandled(const QString &vendorId, int httpStatus);
    void callbackSent(const QUrl &url, int httpStatus);
    // A final result was not sent because call_back_url is not on this computer (rule 6): emitted at once, while
    // the request that named it is answered.
    void callbackRefused(const QUrl &url);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace LeadRelay
