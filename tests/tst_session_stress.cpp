// The training thread under a storm of random requests, as a class of students clicking
// everything at once: start, pause, step, reset, valid and invalid settings, other data
// folders, saves, loads (good, missing and junk files), roll backs, autosaves, and the
// session destroyed and rebuilt mid-flight. Thousands of requests in bounded time; it
// must never crash or deadlock, every destruction must be prompt, and the last session
// must still train. GAN_STRESS_SEED and GAN_STRESS_OPS change the run; GAN_STRESS_CLOSE_MS
// the bound on a close (3 s: it may wait for a save or a reset under way); GAN_STRESS_SLOWDOWN
// lengthens the pauses between requests (for sanitizer builds, where everything is slower).

#include "training/autosaver.h"
#include "training/training_session.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <limits>
#include <memory>
#include <random>

using namespace gan;

namespace {

struct Counters {
    int metrics = 0;
    qint64 iterations = 0;
    int errors = 0;
    int saved = 0;
    int loaded = 0;
    int engines = 0;
    int rolledBack = 0;
};

std::unique_ptr<TrainingSession> makeSession(Counters* c)
{
    auto s = std::make_unique<TrainingSession>();
    QObject::connect(s.get(), &TrainingSession::metricsReady, [c](const MetricsBatch& b) {
        ++c->metrics;
        c->iterations += b.items.size();
    });
    QObject::connect(s.get(), &TrainingSession::errorOccurred, [c] { ++c->errors; });
    QObject::connect(s.get(), &TrainingSession::checkpointSaved, [c] { ++c->saved; });
    QObject::connect(s.get(), &TrainingSession::checkpointLoaded, [c] { ++c->loaded; });
    QObject::connect(s.get(), &TrainingSession::engineReady, [c] { ++c->engines; });
    QObject::connect(s.get(), &TrainingSession::rolledBack, [c] { ++c->rolledBack; });
    ResetSettings r;
    r.batchSize = 16;
    r.device = DevicePreference::Cpu;
    s->setResetSettings(r);
    s->setSampleInterval(3);
    return s;
}

int envInt(const char* name, int fallback)
{
    bool ok = false;
    const int v = qEnvironmentVariableIntValue(name, &ok);
    return ok ? v : fallback;
}

} // namespace

class TestSessionStress : public QObject {
    Q_OBJECT
private slots:
    void randomRequestsNeverCrashOrDeadlock()
    {
        const auto seed = static_cast<unsigned>(envInt("GAN_STRESS_SEED", 20240607));
        const int targetOps = envInt("GAN_STRESS_OPS", 4000);
        const int slowdown = qMax(1, envInt("GAN_STRESS_SLOWDOWN", 1)); // longer pauses where all runs slower
        std::mt19937 rng(seed);
        auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
        auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };

        QTemporaryDir dir;
        const QString junk = dir.filePath("junk.ckpt");
        QFile f(junk);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("PK\x03\x04 this is not a checkpoint");
        f.close();
        QDir(dir.path()).mkdir(QStringLiteral("empty-folder"));
        const QStringList folders{QString(), QString(), QString(), dir.filePath("empty-folder"), dir.filePath("missing")};
        const QStringList checkpoints{dir.filePath("a.ckpt"), dir.filePath("b.ckpt")};
        const double nan = std::numeric_limits<double>::quiet_NaN();

        Counters c;
        auto session = makeSession(&c);
        auto autosaver = std::make_unique<Autosaver>(session.get());
        autosaver->setPath(dir.filePath("auto.gancheckpoint"));
        autosaver->setInterval(1);
        QElapsedTimer clock;
        clock.start();
        int ops = 0, rebuilds = 0;
        qint64 slowestClose = 0;
        // Weights of the request kinds below: mostly training controls and short pauses.
        std::discrete_distribution<int> kind({3, 1, 2, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 4, 1});
        while (ops < targetOps && clock.elapsed() < 45000 * slowdown) {
            ++ops;
            switch (kind(rng)) {
            case 0: session->start(); break;
            case 1: session->pause(); break;
            case 2: session->step(); break;
            case 3:
                if (chance(0.3))
                    session->reset();
                break;
            case 4: {
                LiveSettings l;
                l.k = 1 + pick(5);
                l.gSteps = 1 + pick(3);
                l.lrG = std::pow(10.0, -1 - pick(5));
                l.lrD = chance(0.05) ? 1.0 : std::pow(10.0, -1 - pick(5));
                l.beta1 = pick(10) / 10.0;
                l.beta2 = 0.9 + pick(10) / 100.0;
                session->setLiveSettings(l);
                break;
            }
            case 5: { // refused values
                LiveSettings l;
                switch (pick(6)) {
                case 0: l.lrG = 0; break;
                case 1: l.lrD = -1; break;
                case 2: l.beta1 = nan; break;
                case 3: l.beta2 = 1.0; break;
                case 4: l.k = 0; break;
                default: l.lrG = std::numeric_limits<double>::infinity(); break;
                }
                session->setLiveSettings(l);
                break;
            }
            case 6: {
                ResetSettings r;
                r.device = DevicePreference::Cpu;
                r.batchSize = chance(0.1) ? -4 : 8 + pick(3) * 8;
                r.latentDim = chance(0.1) ? 100000 : 2 + pick(120);
                r.seed = rng();
                r.bnEps = chance(0.1) ? nan : 0.8;
                session->setResetSettings(r);
                break;
            }
            case 7:
                if (chance(0.3))
                    session->saveCheckpoint(checkpoints[pick(2)]);
                break;
            case 8:
                if (chance(0.3)) {
                    const QString choices[] = {checkpoints[0], checkpoints[1], junk, dir.filePath("missing.ckpt"), dir.path()};
                    session->loadCheckpoint(choices[pick(5)]);
                }
                break;
            case 9: session->rollBack(); break;
            case 10: session->setSampleInterval(pick(20) - 2); break;
            case 11: session->setIterationLimit(chance(0.8) ? 0 : pick(400) - 10); break;
            case 12:
                if (chance(0.3))
                    session->setDataFolder(folders[pick(folders.size())]);
                break;
            case 13: {
                QElapsedTimer wait;
                wait.start();
                const int ms = pick(40) * slowdown;
                while (wait.elapsed() < ms)
                    QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
                break;
            }
            case 14:
                if (chance(0.05)) { // close and open again, wherever the worker is
                    QElapsedTimer t;
                    t.start();
                    autosaver.reset();
                    session.reset();
                    slowestClose = qMax(slowestClose, t.elapsed());
                    session = makeSession(&c);
                    autosaver = std::make_unique<Autosaver>(session.get());
                    autosaver->setPath(dir.filePath("auto.gancheckpoint"));
                    autosaver->setInterval(1);
                    ++rebuilds;
                }
                break;
            }
            QCoreApplication::processEvents();
        }
        qInfo("seed %u: %d requests in %.1f s, %d sessions rebuilt, slowest close %lld ms; %d metric batches of "
              "%lld iterations, %d engines, %d saves, %d loads, %d roll backs, %d refusals",
              seed, ops, clock.elapsed() / 1000.0, rebuilds, slowestClose, c.metrics, c.iterations, c.engines, c.saved, c.loaded,
              c.rolledBack, c.errors);
        QVERIFY(ops >= qMin(targetOps, 1000));
        QVERIFY2(slowestClose < envInt("GAN_STRESS_CLOSE_MS", 3000), qPrintable(QString::number(slowestClose)));
        QVERIFY(c.engines > 0 && c.errors > 0); // how much trains depends on the machine's load

        // Still alive and sane: back to good settings, one step trains.
        autosaver.reset();
        ResetSettings r;
        r.batchSize = 16;
        r.device = DevicePreference::Cpu;
        session->setDataFolder(QString());
        session->setResetSettings(r);
        session->setLiveSettings(LiveSettings{});
        session->setIterationLimit(0);
        QSignalSpy ready(session.get(), &TrainingSession::engineReady);
        session->reset();
        QVERIFY(ready.wait(30000));
        qint64 last = -1;
        connect(session.get(), &TrainingSession::metricsReady, this, [&](const MetricsBatch& b) {
            if (!b.items.isEmpty())
                last = b.items.last().iteration;
        });
        QTRY_COMPARE_WITH_TIMEOUT(session->state(), TrainingState::Paused, 30000);
        session->step();
        QTRY_VERIFY_WITH_TIMEOUT(last >= 1, 30000);
        const qint64 stepped = last;
        session->start();
        QTRY_VERIFY_WITH_TIMEOUT(last >= stepped + 3, 30000);
        QElapsedTimer t;
        t.start();
        session.reset();
        QVERIFY2(t.elapsed() < 1000, qPrintable(QString::number(t.elapsed())));
    }
};

QTEST_GUILESS_MAIN(TestSessionStress)
#include "tst_session_stress.moc"
