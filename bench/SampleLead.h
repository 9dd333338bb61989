// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The LEAD-FORMAT.md sample, built in code so the benchmarks need no files.
#include "core/Lead.h"

#include <QTimeZone>

namespace LeadRelay::Bench
{

inline Lead sampleLead()
{
    using namespace Qt::StringLiterals;
    Lead lead;
    lead.firstName = u"John"_s;
    lead.lastName = u"Doe"_s;
    lead.phone = u"(310) 555-1212"_s;
    lead.email = u"john.doe@example.com"_s;
    lead.dob = u"1980-04-02"_s;
    lead.street = u"123 Main St"_s;
    lead.city = u"Los Angeles"_s;
    lead.state = u"CA"_s;
    lead.zip = u"90001"_s;
    lead.mailingStreet = u"456 Secondary St"_s;
    lead.mailingCity = u"San Francisco"_s;
    lead.mailingState = u"CA"_s;
    lead.mailingZip = u"94101"_s;
    lead.decisionMaker = u"Jane Doe"_s;
    lead.utility = u"Utility Provider"_s;
    lead.campaign = u"OHIO_GENERAL_RESIDENTIAL"_s;
    lead.trustedFormCertUrl = u"https://cert.trustedform.com/0123456789abcdef0123456789abcdef01234567"_s;
    lead.jornayaLeadId = u"01234567-89AB-CDEF-0123-456789ABCDEF"_s;
    lead.ip = u"184.248.249.118"_s;
    lead.sourceUrl = u"https://www.example.com/form/"_s;
    lead.sub1 = u"agent-desk-7"_s;
    lead.consent = {{u"Do you consent to be contacted?"_s, u"Yes"_s},
                    {u"Do you agree to the terms and conditions?"_s, u"Yes"_s}};
    lead.consentScript = u"energy-v3"_s;
    lead.consentRecordedAt = QDateTime(QDate(2026, 11, 22), QTime(17, 4, 5), QTimeZone::utc());
    lead.agent = u"maria.g"_s;
    return lead;
}

} // namespace LeadRelay::Bench
