// GAN Studio: the window by default; `--headless` trains without one.

#include "gui_options.h"
#include "headless_options.h"
#include "headless_run.h"
#include "main_window.h"
#include "engine/process_tuning.h"
#include "training/training_session.h"

#include <QApplication>
#include <QCoreApplication>

#include <cstdio>
#include <cstring>

namespace {

bool wantsHeadless(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], "--headless") == 0)
            return true;
    return false;
}

int headlessMain(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const auto parsed = gan::parseHeadlessOptions(app.arguments());
    if (parsed.helpShown)
        return 0;
    if (!parsed.options) {
        std::fprintf(stderr, "error: %s\n", qPrintable(parsed.error));
        return 2;
    }
    return gan::runHeadless(*parsed.options);
}

int windowMain(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("GAN Studio"));
    const gan::GuiOptions options = gan::parseGuiOptions(app.arguments());
    if (!options.error.isEmpty()) {
        std::fprintf(stderr, "error: %s\n", qPrintable(options.error));
        return 2;
    }

    gan::TrainingSession session;
    gan::ResetSettings reset;
    reset.device = options.device;
    session.setResetSettings(reset);
    session.setDataFolder(options.dataFolder);
    if (options.iterations > 0)
        session.setIterationLimit(options.iterations);
    if (options.quitWhenDone) {
        QObject::connect(&session, &gan::TrainingSession::limitReached, &app, [&app](qint64 n, double seconds) {
            std::printf("done: %lld iterations in %.2f s (%.1f it/s)\n", static_cast<long long>(n), seconds,
                        seconds > 0 ? n / seconds : 0.0);
            std::fflush(stdout);
            app.quit();
        });
    }

    gan::MainWindow window(&session);
    window.resize(1280, 800);
    window.show();
    if (options.autostart)
        session.start();
    return app.exec();
}

} // namespace

int main(int argc, char** argv)
{
    gan::tuneProcessForTraining();
    return wantsHeadless(argc, argv) ? headlessMain(argc, argv) : windowMain(argc, argv);
}
