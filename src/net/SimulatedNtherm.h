// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QSet>
#include <QString>
#include <QUrl>

namespace LeadRelay
{

// The training simulator's nTherm: a strict server-side reading of specs/ntherm-postLead.txt, without sockets so
// the rules stay readable. The rules are listed at the top of VendorSimulator.cpp.
class SimulatedNtherm
{
public:
    struct Answer
    {
        int httpStatus = 200;
        QJsonObject body;
        bool authChallenge = false; // add WWW-Authenticate
        // Set when a final result is to be POSTed later to call_back_url.
        QUrl callbackUrl;
        QJsonObject callbackBody;
    };

    // The raw Authorization and Content-Type headers and the raw request body.
    Answer handle(const QByteArray &authorization, const QByteArray &contentType, const QByteArray &body);

    // The final result the simulator reports for an accepted phone (deterministic, see VendorSimulator.cpp).
    static QJsonObject finalResult(const QString &phone);

    // The 50 states, DC and the territories, upper case, as nTherm's "2 letter State code".
    static bool isStateCode(const QString &code);

    static QJsonObject errorBody(const QStringList &errors);

private:
    QSet<QString> m_acceptedPhones;
};

} // namespace LeadRelay
