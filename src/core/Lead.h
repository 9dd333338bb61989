// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace LeadRelay
{

// Lead keys as in LEAD-FORMAT.md; also the field names used by FieldIssue.
namespace Key
{
inline const QString Format = QStringLiteral("format");
inline const QString FirstName = QStringLiteral("first_name");
inline const QString LastName = QStringLiteral("last_name");
inline const QString Phone = QStringLiteral("phone");
inline const QString Email = QStringLiteral("email");
inline const QString Dob = QStringLiteral("dob");
inline const QString Street = QStringLiteral("street");
inline const QString City = QStringLiteral("city");
inline const QString State = QStringLiteral("state");
inline const QString Zip = QStringLiteral("zip");
inline const QString MailingSame = QStringLiteral("mailing_same_as_service");
inline const QString MailingStreet = QStringLiteral("mailing_street");
inline const QString MailingCity = QStringLiteral("mailing_city");
inline const QString MailingState = QStringLiteral("mailing_state");
inline const QString MailingZip = QStringLiteral("mailing_zip");
inline const QString DecisionMaker = QStringLiteral("decision_maker");
inline const QString Utility = QStringLiteral("utility");
inline const QString Campaign = QStringLiteral("campaign");
inline const QString TrustedForm = QStringLiteral("trustedform_cert_url");
inline const QString Jornaya = QStringLiteral("jornaya_lead_id");
inline const QString Ip = QStringLiteral("ip");
inline const QString SourceUrl = QStringLiteral("source_url");
inline const QString Sub1 = QStringLiteral("sub1");
inline const QString Sub2 = QStringLiteral("sub2");
inline const QString Sub3 = QStringLiteral("sub3");
inline const QString Sub4 = QStringLiteral("sub4");
inline const QString Sub5 = QStringLiteral("sub5");
inline const QString Consent = QStringLiteral("consent");
inline const QString ConsentScript = QStringLiteral("consent_script");
inline const QString ConsentRecordedAt = QStringLiteral("consent_recorded_at");
inline const QString Agent = QStringLiteral("agent");
} // namespace Key

struct ConsentAnswer
{
    QString question;
    QString answer;
    bool operator==(const ConsentAnswer &) const = default;
};

// One lead as the agent captured it, independent of any vendor (LEAD-FORMAT.md, version 1).
// Text fields are reachable by key through text()/setText(), so forms, CSV and validation share one table.
class Lead
{
public:
    static constexpr int FormatVersion = 1;

    QString firstName, lastName, phone, email, dob;
    QString street, city, state, zip;
    bool mailingSameAsService = false;
    QString mailingStreet, mailingCity, mailingState, mailingZip;
    QString decisionMaker, utility, campaign;
    QString trustedFormCertUrl, jornayaLeadId;
    QString ip, sourceUrl;
    QString sub1, sub2, sub3, sub4, sub5;
    QList<ConsentAnswer> consent;
    QString consentScript;
    QDateTime consentRecordedAt; // UTC; invalid when not recorded
    QString agent;

    // The keys of every plain text field, in LEAD-FORMAT.md order.
    static const QStringList &textKeys();
    QString text(const QString &key) const;                 // empty for an unknown key
    bool setText(const QString &key, const QString &value); // false for an unknown key

    // Mailing address as it will be sent: the service address when mailingSameAsService.
    QString effectiveMailing(const QString &mailingKey) const;

    bool isEmpty() const; // nothing typed at all
    QJsonObject toJson() const;
    QByteArray toJsonBytes() const; // indented, stable key order

    bool operator==(const Lead &) const = default;

    // Reading errors are translated in the "Lead" context. Last, because the macro ends with "private:".
    Q_DECLARE_TR_FUNCTIONS(Lead)
};

struct LeadReadResult
{
    std::optional<Lead> lead;
    QString error; // names the key or the byte offset; empty on success
};

// Strict: unknown keys, wrong types and malformed JSON are errors naming the key or position.
LeadReadResult leadFromJson(const QByteArray &json);
LeadReadResult leadFromJsonObject(const QJsonObject &object);

} // namespace LeadRelay
