// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Realistic, deterministic history rows for the GUI tests and the screenshot database (make_history_db):
// the requests are built and redacted by the real vendor adapters, the answers are the documented shapes.

#include "net/CallbackReceiver.h"
#include "store/SubmissionRecord.h"
#include "vendors/Vendor.h"

#include <QRandomGenerator>
#include <QUuid>

namespace LeadRelay::Fixture
{

using namespace Qt::StringLiterals;

struct Person
{
    const char *first, *last, *street, *city, *state, *zip, *area;
};

inline const QList<Person> &people()
{
    static const QList<Person> list = {
        {"Maria", "Gonzalez", "1180 Elm St", "Columbus", "OH", "43215", "614"},
        {"James", "Carter", "42 Birch Rd", "Cleveland", "OH", "44113", "216"},
        {"Linda", "Nguyen", "907 Lakeview Dr", "Toledo", "OH", "43604", "419"},
        {"Robert", "Okafor", "15 Walnut Ave", "Akron", "OH", "44308", "330"},
        {"Patricia", "Kowalski", "2201 Main St", "Dayton", "OH", "45402", "937"},
        {"Michael", "Brennan", "77 Harbor Way", "Boston", "MA", "02110", "617"},
        {"Jennifer", "Schultz", "330 Oak Ln", "Pittsburgh", "PA", "15222", "412"},
        {"David", "Ramirez", "5120 Cedar Ct", "Philadelphia", "PA", "19103", "215"},
        {"Susan", "O'Neill", "88 Grove St", "Newark", "NJ", "07102", "973"},
        {"Thomas", "Fischer", "640 River Rd", "Chicago", "IL", "60601", "312"},
        {"Karen", "Johansson", "19 Spruce St", "Baltimore", "MD", "21201", "410"},
        {"Daniel", "Abernathy", "402 Pine Hill", "Houston", "TX", "77002", "713"},
        {"Nancy", "Petrov", "1450 Sunset Blvd", "Dallas", "TX", "75201", "214"},
        {"Kevin", "Yamamoto", "23 Bay St", "Hartford", "CT", "06103", "860"},
        {"Angela", "Dubois", "9 Market Sq", "Albany", "NY", "12207", "518"},
        {"Brian", "McAllister", "712 Chestnut St", "Wilmington", "DE", "19801", "302"},
    };
    return list;
}

inline Lead makeLead(QRandomGenerator &random, const QString &agent, const QString &campaign)
{
    const Person &p = people().at(int(random.bounded(quint32(people().size()))));
    Lead lead;
    lead.firstName = QString::fromUtf8(p.first);
    lead.lastName = QString::fromUtf8(p.last);
    lead.phone = QString::fromLatin1(p.area) + QString::number(200 + random.bounded(700)) +
                 u"%1"_s.arg(random.bounded(10000), 4, 10, QLatin1Char('0'));
    if (lead.phone.mid(3, 3) == u"555"_s)
        lead.phone.replace(3, 3, u"556"_s);
    lead.email = lead.firstName.toLower() + u'.' + lead.lastName.toLower().remove(u'\'') + u"@example.com"_s;
    lead.dob = u"19%1-0%2-1%3"_s.arg(50 + random.bounded(50)).arg(1 + random.bounded(9)).arg(random.bounded(10));
    lead.street = QString::fromUtf8(p.street);
    lead.city = QString::fromUtf8(p.city);
    lead.state = QString::fromLatin1(p.state);
    lead.zip = QString::fromLatin1(p.zip);
    lead.mailingSameAsService = true;
    lead.utility = u"Ohio Edison"_s;
    lead.campaign = campaign;
    lead.trustedFormCertUrl =
        u"https://cert.trustedform.com/"_s +
        QString::fromLatin1(QUuid::createUuid().toRfc4122().toHex() + "0123456789abcdef").left(40);
    lead.jornayaLeadId = QUuid::createUuid().toString(QUuid::WithoutBraces).toUpper();
    lead.ip = u"184.248.%1.%2"_s.arg(random.bounded(255)).arg(1 + random.bounded(254));
    lead.sourceUrl = u"https://www.example.com/energy/"_s;
    lead.sub1 = u"desk-"_s + QString::number(1 + random.bounded(12));
    lead.consent = {{u"Do you consent to be contacted?"_s, u"Yes"_s},
                    {u"Do you agree to the terms and conditions?"_s, u"Yes"_s}};
    lead.consentScript = u"energy-v3"_s;
    lead.agent = agent;
    return lead;
}

// count rows, newest first, the newest created at least one minute before now. Seeded: the same rows every run
// (ids, tokens and consent ids aside).
inline QList<SubmissionRecord> makeRecords(int count, const QDateTime &now, quint32 seed = 7)
{
    static const QStringList agents = {u"maria.g"_s, u"tom.b"_s, u"aisha.k"_s, u"li.wen"_s, u"joe.p"_s, u"sam.r"_s};
    static const QStringList campaigns = {u"OHIO_GENERAL_RESIDENTIAL"_s, u"PA_SWITCH_SAVE"_s, u"NE_GREEN_FIXED"_s,
                                          u"TX_FALL_PROMO"_s};
    QRandomGenerator random(seed);
    QList<SubmissionRecord> records;
    records.reserve(count);
    QDateTime created = now.addSecs(-60);
    for (int i = 0; i < count; ++i) {
        created = created.addSecs(-qint64(60 + random.bounded(900)));
        SubmissionRecord r;
        r.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        r.createdAt = created;
        r.durationMs = 300 + random.bounded(1500);
        r.answeredAt = created.addMSecs(r.durationMs);
        r.agent = agents.at(int(random.bounded(quint32(agents.size()))));
        r.vendorId = random.bounded(100) < 60 ? u"ntherm"_s : u"bhm"_s;
        r.accountMode = random.bounded(100) < 90 ? u"production"_s : u"training"_s;
        r.campaign = campaigns.at(int(random.bounded(quint32(campaigns.size()))));
        const Lead lead = makeLead(random, r.agent, r.campaign);
        r.customerName = lead.firstName + u' ' + lead.lastName;
        r.phone = lead.phone;
        r.leadJson = lead.toJsonBytes();

        const Vendor *vendor = vendorById(r.vendorId);
        VendorAccount account;
        account.vendorId = r.vendorId;
        account.user = r.vendorId == u"bhm"_s ? u"123456"_s : u"callcentre"_s;
        account.secret = u"00000000-0000-4000-8000-000000000000"_s;
        const int roll = int(random.bounded(100));
        QUrl callback;
        if (r.vendorId == u"ntherm"_s && roll % 7 != 0) {
            r.callbackToken = CallbackReceiver::newToken();
            callback =
                CallbackReceiver::callbackUrl(QUrl(u"https://callbacks.example.com"_s), r.vendorId, r.callbackToken);
        }
        r.redactedRequest = vendor->redacted(vendor->buildRequest(lead, account, callback)).toText();

        // Outcomes come from the real vendor parsers, so the rows say what LeadRelay would have recorded.
        const auto answer = [&r, vendor](int status, const QByteArray &body) {
            const Outcome outcome = vendor->parseResponse(status, body);
            r.httpStatus = status;
            r.rawAnswer = body;
            r.state = outcome.state;
            r.billable = outcome.billable;
            r.final = outcome.final;
            r.messages = outcome.messages;
            r.fieldIssues = outcome.fieldIssues;
            r.vendorLeadId = outcome.vendorLeadId;
            r.vendorTransactionId = outcome.vendorTransactionId;
        };
        if (r.vendorId == u"ntherm"_s) {
            if (roll < 62) {
                answer(200, R"({"success_bit": true, "message": "Lead submitted successfully."})");
                // Older ones mostly got their final result by callback.
                if (!r.callbackToken.isEmpty() && i > count / 50 && random.bounded(100) < 85) {
                    const bool sold = random.bounded(100) < 70;
                    r.callbackBody = sold ? R"({"success_bit": true, "message": "Lead sold."})"
                                          : R"({"success_bit": false, "message": "Customer not reachable"})";
                    const Outcome final = vendor->parseCallback(r.callbackBody);
                    r.final = true;
                    r.finalisedAt = qMin(r.answeredAt.addSecs(600 + random.bounded(7200)), now);
                    r.state = final.state;
                    r.billable = final.billable;
                    r.messages += final.messages;
                }
            } else if (roll < 80) {
                answer(
                    422,
                    R"({"success_bit": false, "message": [{"error": "Phone number can not be sent to postLead at this time."}]})");
            } else if (roll < 94) {
                answer(400,
                       R"({"success_bit": false, "message": [{"error": "Invalid State Code (2 characters): C"}]})");
            } else {
                r.state = OutcomeState::DeliveryUnknown;
                r.messages = {u"No answer within 30 seconds: the lead may have reached the vendor."_s};
            }
        } else {
            const QByteArray ids =
                QByteArray::number(100000000 + i) + R"(, "leadid": )" + QByteArray::number(200000000 + i);
            if (roll < 45)
                answer(
                    200,
                    R"({"validated": 1, "accepted": 1, "sold": 1, "disposition": null, "errors": [], "transactionid": )" +
                        ids + "}");
            else if (roll < 75)
                answer(
                    200,
                    R"({"validated": 1, "accepted": 1, "sold": 0, "disposition": "No buyer available", "errors": [], "transactionid": )" +
                        ids + "}");
            else if (roll < 95)
                answer(
                    200,
                    R"({"validated": 0, "accepted": 0, "sold": 0, "messages": ["Energy Dereg Lead could not be validated"], "errors": [["Zip: must be a 5-character string"]]})");
            else
                answer(401, R"({"validated": 0, "accepted": 0, "sold": 0, "errors": [["Invalid authorization"]]})");
        }
        records << r;
    }
    return records;
}

} // namespace LeadRelay::Fixture
