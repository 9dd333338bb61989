// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace LeadRelay
{

// Where a history lives, from what the user gives: a file path (a SQLite history on this computer) or a
// `postgresql://` URI in libpq's form (a team server):
//     postgresql://user@host:port/dbname?sslmode=require
//     postgresql:///dbname?host=/socket/dir&port=5433
// A password written in the URI is accepted but never shown: display() and uri() leave it out, so it never
// reaches a settings file, a log or the window title.
class HistoryLocation
{
public:
    enum class Kind
    {
        File,
        Server,
    };

    HistoryLocation() = default;
    // Parses; isValid() is false (and error() says why, in plain words) for a URI that cannot be used.
    static HistoryLocation parse(const QString &text);
    static bool looksLikeServer(const QString &text);

    bool isValid() const { return m_error.isEmpty() && (!m_path.isEmpty() || m_kind == Kind::Server); }
    QString error() const { return m_error; }
    Kind kind() const { return m_kind; }
    bool isServer() const { return m_kind == Kind::Server; }

    QString path() const { return m_path; } // File only
    QString host() const { return m_host; } // a name, an address, or a socket folder (starts with '/')
    int port() const { return m_port; }     // 5432 when not given
    QString database() const { return m_database; }
    QString user() const { return m_user; }
    QString password() const { return m_password; }
    QString sslMode() const { return m_sslMode; } // libpq's sslmode; empty: libpq's default (prefer)
    void setPassword(const QString &password) { m_password = password; }

    // libpq connection options other than host, port, user, password and database, as QPSQL takes them
    // ("sslmode=require;connect_timeout=5").
    QString connectOptions() const;
    // For people: "maria@floor.example.com:5432/leadrelay", or the file's path. Never holds the password.
    QString display() const;
    // The URI again without the password (what Settings stores).
    QString uri() const;
    // A short stable name for files that belong to this history on this computer (the side journal of a
    // team history): the same server, database and user give the same key.
    QString localKey() const;

    // Builds a server location from its parts (Settings' "Team server" fields).
    static HistoryLocation server(const QString &host, int port, const QString &database, const QString &user,
                                  const QString &sslMode);

private:
    Kind m_kind = Kind::File;
    QString m_path;
    QString m_host;
    int m_port = 5432;
    QString m_database;
    QString m_user;
    QString m_password;
    QString m_sslMode;
    int m_connectTimeout = 5;
    QString m_error;
};

} // namespace LeadRelay
