// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "vendors/Vendor.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QUrl>

#include <memory>

namespace LeadRelay
{

class DncRegistry;
class SubmissionService;
class VendorSimulator;

// What `submit` and `submit --batch` share: the options, and the vendor, account and limits they resolve to.
class SubmitSetup
{
    Q_DECLARE_TR_FUNCTIONS(SubmitCommand)

public:
    SubmitSetup();

    QList<QCommandLineOption> options() const;

    // Reads the options every submission needs (vendor, timeout, duplicate window, callback base). Prints why
    // and returns false on a usage error.
    bool readCommon(const QCommandLineParser &parser);
    // Resolves the account: the in-process training simulator (started on `simulator`) or production
    // credentials from the environment and the endpoint. Prints why and returns false on a problem.
    bool resolveAccount(const QCommandLineParser &parser, VendorSimulator *simulator);
    // Gives the service what readCommon() read: the duplicate window and the registry downloads.
    void configure(SubmissionService &service) const;

    const QCommandLineOption vendorOption;
    const QCommandLineOption leadOption;
    const QCommandLineOption endpointOption;
    const QCommandLineOption trainingOption;
    const QCommandLineOption agentOption;
    const QCommandLineOption timeoutOption;
    const QCommandLineOption allowDuplicateOption;
    const QCommandLineOption duplicateDaysOption;
    const QCommandLineOption callbackOption;
    const QCommandLineOption batchOption;
    const QCommandLineOption concurrencyOption;
    const QCommandLineOption resultsOption;
    const QCommandLineOption dryRunOption;

    const Vendor *vendor = nullptr;
    bool training = false;
    int timeoutSeconds = 30;
    int duplicateDays = 30;
    QUrl callbackBase;
    VendorAccount account;
    std::shared_ptr<DncRegistry> registry; // this desk's registry downloads, kept in each consent record's check

    static constexpr int MaxTimeoutSeconds = 600;
};

} // namespace LeadRelay
