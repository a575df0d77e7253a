#pragma once
// Runs the real gan-studio binary (GAN_STUDIO_BIN, set by tests/CMakeLists.txt) as a user
// would, and collects its exit status and output. Qt's offscreen platform, so the window
// mode needs no display either.

#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>

namespace {

struct Run {
    int exitCode = -1; // -1: crashed or killed after 4 minutes
    QString out;
    QString err;
};

Run runApp(const QStringList& args, const QString& workDir = {}, bool headless = true)
{
    QProcess p;
    if (!workDir.isEmpty())
        p.setWorkingDirectory(workDir);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    static QTemporaryDir runtime; // Qt warns on stderr without one
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtime.path());
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(GAN_STUDIO_BIN), (headless ? QStringList{QStringLiteral("--headless")} : QStringList{}) + args);
    if (!p.waitForFinished(240000))
        p.kill();
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

} // namespace
