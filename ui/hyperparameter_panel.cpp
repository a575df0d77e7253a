#include "hyperparameter_panel.h"

#include "data_sources.h"
#include "device_combo_box.h"
#include "learning_rate_spin_box.h"

#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

#include <climits>
#include <cmath>

namespace gan {
namespace {

template <typename W>
W* named(W* w, const char* name, const QString& tip)
{
    w->setObjectName(QLatin1String(name));
    w->setToolTip(tip);
    w->setWhatsThis(tip);
    return w;
}

QSpinBox* intSpin(int lo, int hi, const char* name, const QString& tip)
{
    auto* s = named(new QSpinBox, name, tip);
    s->setRange(lo, hi);
    s->setKeyboardTracking(false);
    return s;
}

QDoubleSpinBox* betaSpin(const char* name, const QString& tip, double step)
{
    auto* s = named(new QDoubleSpinBox, name, tip);
    s->setRange(0.0, 0.9999);
    s->setDecimals(4);
    s->setSingleStep(step);
    s->setKeyboardTracking(false);
    return s;
}

// The form's row label carries the control's tooltip too, so hovering the name explains it.
void addRow(QFormLayout* form, const QString& label, QWidget* field, bool wide = false)
{
    auto* l = new QLabel(label);
    l->setToolTip(field->toolTip());
    l->setBuddy(field);
    if (wide) { // label above, field across the whole row: room for long names
        form->addRow(l);
        form->addRow(field);
    } else {
        form->addRow(l, field);
    }
}

bool sameReset(const ResetSettings& a, const ResetSettings& b)
{
    const bool sameDevice = a.device == b.device
        && (a.device != DevicePreference::Cuda || a.cudaIndex == b.cudaIndex);
    return a.batchSize == b.batchSize && a.latentDim == b.latentDim && a.seed == b.seed && sameDevice
        && std::abs(a.bnEps - b.bnEps) <= 1e-12 * std::max(1.0, std::abs(a.bnEps));
}

} // namespace

HyperparameterPanel::HyperparameterPanel(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("hyperparameterPanel"));

    m_k = intSpin(limits::kMin, limits::kMax, "kSpin",
                  tr("Discriminator steps per generator step (Algorithm 1's k). Too many and D wins at once, "
                     "leaving G no gradient; too few and G runs ahead of D."));
    m_gSteps = intSpin(limits::gStepsMin, limits::gStepsMax, "gStepsSpin",
                       tr("Generator steps per iteration. More lets G chase D harder, but G may overshoot and "
                          "collapse onto a few digits that fool D (mode collapse)."));
    m_lrG = named(new LearningRateSpinBox, "lrGSpin",
                  tr("Adam learning rate of the generator: how far G moves per step to fool D; too high and "
                     "the game oscillates or diverges (arrows step 1-2-5)."));
    m_lrD = named(new LearningRateSpinBox, "lrDSpin",
                  tr("Adam learning rate of the discriminator: how fast D learns to tell real from fake; far "
                     "above G's and D wins, starving G of gradient (arrows step 1-2-5)."));
    for (auto* lr : {m_lrG, m_lrD})
        lr->setRange(limits::lrMin, limits::lrMax);
    m_beta1 = betaSpin("beta1Spin",
                       tr("Adam's momentum (first-moment decay) for D and G; the seed's 0.5 damps the swings of "
                          "the adversarial game better than the usual 0.9."), 0.05);
    m_beta2 = betaSpin("beta2Spin",
                       tr("Adam's second-moment decay for D and G: how long Adam remembers gradient sizes when "
                          "scaling its steps (0.999 is standard)."), 0.001);
    m_loss = named(new QComboBox, "lossCombo",
                   tr("Which losses D and G minimise (switch live and watch G's gradient norm).\n"
                      "Non-saturating (the seed's): G minimises -log D(G(z)); strong gradient while D "
                      "rejects G's digits.\n"
                      "Minimax (the paper's value function): G minimises log(1 - D(G(z))), which is flat "
                      "when D(G(z)) is near 0, so G's gradient vanishes while D wins: it saturates (try "
                      "k = 5 and lr D 1e-3).\n"
                      "LSGAN: least squares on D's logit l (before the sigmoid), a = -1, b = 1, c = 0: D "
                      "minimises ((l(x) - 1)² + (l(G(z)) + 1)²) / 2, G minimises l(G(z))² / 2; the "
                      "optimal D still gives 1/2 at p_g = p_data."));
    m_loss->addItem(tr("Non-saturating (seed)"), int(GanLoss::NonSaturating));
    m_loss->addItem(tr("Minimax (paper)"), int(GanLoss::Minimax));
    m_loss->addItem(tr("Least squares (LSGAN)"), int(GanLoss::LeastSquares));

    m_batch = intSpin(limits::batchMin, limits::batchMax, "batchSpin",
                      tr("Real and generated images per step: larger batches give D and G smoother gradients "
                         "but fewer updates per epoch."));
    m_latent = intSpin(limits::latentMin, limits::latentMax, "latentSpin",
                       tr("Length of the noise vector z that G turns into a digit (the seed uses 100)."));
    m_seed = intSpin(0, INT_MAX, "seedSpin",
                     tr("Random seed for the initial weights, the noise and the data order: the same seed "
                        "replays the same run."));
    m_bnEps = named(new QComboBox, "bnEpsCombo",
                    tr("BatchNorm eps in G. The seed writes BatchNorm1d(out, 0.8), meaning momentum 0.8, "
                       "but the second positional argument is eps. BatchNorm divides by sqrt(variance + "
                       "eps): with eps 0.8, far above the variance of G's small early activations (about "
                       "0.05), it mostly just centres them and leaves their scale small, a much gentler "
                       "normalisation; "
                       "PyTorch's default 1e-5 rescales every feature to unit variance per batch. The seed's "
                       "results were made with 0.8, so it is the default here; reset with 1e-5 to compare "
                       "how G learns."));
    m_bnEps->addItem(tr("0.8 (seed's quirk)"), 0.8);
    m_bnEps->addItem(tr("1e-5 (PyTorch)"), 1e-5);
    m_device = named(new DeviceComboBox, "deviceCombo",
                     tr("Where D and G train: a CUDA GPU is many times faster than the CPU; Auto takes the "
                        "first CUDA GPU when there is one."));
    m_deviceNote = new QLabel(this);
    m_deviceNote->setObjectName(QStringLiteral("deviceNote"));
    m_deviceNote->setWordWrap(true);
    m_deviceNote->setStyleSheet(QStringLiteral("color: palette(placeholder-text);"));
    m_deviceNote->hide();
    m_data = named(new QComboBox, "dataCombo",
                   tr("The real images: D learns to tell them from G's fakes, and G learns to imitate them."));
    m_pending = new QLabel(tr("Pending: press Reset to apply"), this);
    m_pending->setObjectName(QStringLiteral("pendingNote"));
    m_pending->setStyleSheet(QStringLiteral(
        "QLabel { background: #fff4d6; color: #7a5200; border: 1px solid #e0b050; border-radius: 3px; padding: 3px 6px; }"));
    m_pending->setToolTip(tr("These settings build new networks, so they take effect when you press Reset."));
    m_pending->hide();

    m_sampleInterval = intSpin(1, 10000, "sampleIntervalSpin",
                               tr("How often G draws the 5×5 grid from the same fixed noise, so you watch the "
                                  "same 25 digits take shape."));
    m_sampleInterval->setSuffix(tr(" iterations"));
    m_sampleInterval->setValue(50);

    m_defaults = named(new QPushButton(tr("Seed defaults")), "seedDefaultsButton",
                       tr("Restore the seed program's values: k = 1, lr 0.0002 for both, betas 0.5 and 0.999, "
                          "batch 64, latent 100, BatchNorm eps 0.8, the embedded MNIST digits."));

    auto* live = new QGroupBox(tr("Live (apply at next iteration)"), this);
    live->setObjectName(QStringLiteral("liveGroup"));
    auto* liveForm = new QFormLayout(live);
    addRow(liveForm, tr("k (D steps)"), m_k);
    addRow(liveForm, tr("G steps"), m_gSteps);
    addRow(liveForm, tr("lr G"), m_lrG);
    addRow(liveForm, tr("lr D"), m_lrD);
    addRow(liveForm, tr("Adam β1"), m_beta1);
    addRow(liveForm, tr("Adam β2"), m_beta2);
    addRow(liveForm, tr("Loss"), m_loss, true);

    auto* atReset = new QGroupBox(tr("At reset"), this);
    atReset->setObjectName(QStringLiteral("resetGroup"));
    auto* resetForm = new QFormLayout(atReset);
    addRow(resetForm, tr("Batch size"), m_batch);
    addRow(resetForm, tr("Latent size"), m_latent);
    addRow(resetForm, tr("Seed"), m_seed);
    addRow(resetForm, tr("BatchNorm eps"), m_bnEps);
    addRow(resetForm, tr("Device"), m_device, true);
    resetForm->addRow(m_deviceNote);
    addRow(resetForm, tr("Data set"), m_data, true);
    resetForm->addRow(m_pending);

    auto* display = new QGroupBox(tr("Display"), this);
    auto* displayForm = new QFormLayout(display);
    addRow(displayForm, tr("New grid every"), m_sampleInterval);

    for (QFormLayout* f : {liveForm, resetForm, displayForm})
        f->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(live);
    layout->addWidget(atReset);
    layout->addWidget(display);
    layout->addWidget(m_defaults);
    layout->addStretch(1);

    addDataSource(embeddedDataLabel(), QString());
    setLiveSettings(LiveSettings{});
    setResetSettings(ResetSettings{});
    setDevices({}, true);

    for (QSpinBox* s : {m_k, m_gSteps})
        connect(s, &QSpinBox::valueChanged, this, &HyperparameterPanel::emitLive);
    for (QDoubleSpinBox* s : {static_cast<QDoubleSpinBox*>(m_lrG), static_cast<QDoubleSpinBox*>(m_lrD), m_beta1, m_beta2})
        connect(s, &QDoubleSpinBox::valueChanged, this, &HyperparameterPanel::emitLive);
    for (QSpinBox* s : {m_batch, m_latent, m_seed})
        connect(s, &QSpinBox::valueChanged, this, &HyperparameterPanel::emitReset);
    connect(m_loss, &QComboBox::currentIndexChanged, this, &HyperparameterPanel::emitLive);
    for (QComboBox* c : {m_bnEps, static_cast<QComboBox*>(m_device)})
        connect(c, &QComboBox::currentIndexChanged, this, &HyperparameterPanel::emitReset);
    connect(m_data, &QComboBox::currentIndexChanged, this, [this] {
        updatePendingNote();
        emit dataFolderEdited(dataFolder());
    });
    connect(m_sampleInterval, &QSpinBox::valueChanged, this, &HyperparameterPanel::sampleIntervalEdited);
    connect(m_defaults, &QPushButton::clicked, this, &HyperparameterPanel::restoreSeedDefaults);
}

LiveSettings HyperparameterPanel::liveSettings() const
{
    LiveSettings s;
    s.k = m_k->value();
    s.gSteps = m_gSteps->value();
    s.lrG = m_lrG->value();
    s.lrD = m_lrD->value();
    s.beta1 = m_beta1->value();
    s.beta2 = m_beta2->value();
    s.loss = static_cast<GanLoss>(m_loss->currentData().toInt());
    return s;
}

ResetSettings HyperparameterPanel::resetSettings() const
{
    ResetSettings s;
    s.batchSize = m_batch->value();
    s.latentDim = m_latent->value();
    s.seed = std::uint64_t(m_seed->value());
    s.bnEps = m_bnEps->currentData().toDouble();
    m_device->applyTo(&s);
    return s;
}

QString HyperparameterPanel::dataFolder() const { return m_data->currentData().toString(); }
int HyperparameterPanel::sampleInterval() const { return m_sampleInterval->value(); }

void HyperparameterPanel::setLiveSettings(const LiveSettings& live)
{
    const QSignalBlocker b1(m_k), b2(m_gSteps), b3(m_lrG), b4(m_lrD), b5(m_beta1), b6(m_beta2);
    m_k->setValue(live.k);
    m_gSteps->setValue(live.gSteps);
    m_lrG->setValue(live.lrG);
    m_lrD->setValue(live.lrD);
    m_beta1->setValue(live.beta1);
    m_beta2->setValue(live.beta2);
    const QSignalBlocker b7(m_loss);
    m_loss->setCurrentIndex(qMax(0, m_loss->findData(int(live.loss))));
}

void HyperparameterPanel::setResetSettings(const ResetSettings& reset)
{
    const QSignalBlocker b1(m_batch), b2(m_latent), b3(m_seed), b4(m_bnEps), b5(m_device);
    m_batch->setValue(reset.batchSize);
    m_latent->setValue(reset.latentDim);
    m_seed->setValue(int(std::min<std::uint64_t>(reset.seed, INT_MAX)));
    int eps = -1;
    for (int i = 0; i < m_bnEps->count(); ++i) {
        if (std::abs(m_bnEps->itemData(i).toDouble() - reset.bnEps) <= 1e-12)
            eps = i;
    }
    if (eps < 0) { // e.g. from a checkpoint made elsewhere
        m_bnEps->addItem(QString::number(reset.bnEps, 'g', 6), reset.bnEps);
        eps = m_bnEps->count() - 1;
    }
    m_bnEps->setCurrentIndex(eps);
    m_device->showChoice(reset);
    updatePendingNote();
}

void HyperparameterPanel::setDataFolder(const QString& folder)
{
    int i = m_data->findData(folder);
    if (i < 0) {
        addDataSource(QDir(folder).dirName(), folder);
        i = m_data->count() - 1;
    }
    const QSignalBlocker block(m_data);
    m_data->setCurrentIndex(i);
    updatePendingNote();
}

void HyperparameterPanel::setSampleInterval(int iterations)
{
    const QSignalBlocker block(m_sampleInterval);
    m_sampleInterval->setValue(iterations);
}

void HyperparameterPanel::setApplied(const ResetSettings& reset, const QString& folder)
{
    m_haveApplied = true;
    m_appliedReset = reset;
    m_appliedFolder = folder;
    updatePendingNote();
}

bool HyperparameterPanel::hasPendingReset() const
{
    return m_haveApplied && (!sameReset(resetSettings(), m_appliedReset) || dataFolder() != m_appliedFolder);
}

void HyperparameterPanel::updatePendingNote()
{
    m_pending->setVisible(hasPendingReset());
}

void HyperparameterPanel::setDevices(const std::vector<DeviceInfo>& devices, bool cudaAvailable)
{
    m_device->setDevices(devices);
    m_deviceNote->setText(tr("CUDA unavailable: training runs on the CPU."));
    m_deviceNote->setVisible(!cudaAvailable);
    updatePendingNote();
}

void HyperparameterPanel::addDataSource(const QString& label, const QString& folder)
{
    if (m_data->findData(folder) >= 0)
        return;
    {
        const QSignalBlocker block(m_data);
        m_data->addItem(label, folder);
        m_data->setItemData(m_data->count() - 1, folder.isEmpty() ? label : folder, Qt::ToolTipRole);
    }
    emit dataSourcesChanged();
}

QList<QPair<QString, QString>> HyperparameterPanel::dataSources() const
{
    QList<QPair<QString, QString>> out;
    for (int i = 0; i < m_data->count(); ++i)
        out.append({m_data->itemText(i), m_data->itemData(i).toString()});
    return out;
}

void HyperparameterPanel::restoreSeedDefaults()
{
    setLiveSettings(LiveSettings{});
    setResetSettings(ResetSettings{});
    setDataFolder(QString());
    setSampleInterval(50);
    emit liveSettingsEdited(liveSettings());
    emit resetSettingsEdited(resetSettings());
    emit dataFolderEdited(dataFolder());
    emit sampleIntervalEdited(sampleInterval());
}

void HyperparameterPanel::emitLive()
{
    emit liveSettingsEdited(liveSettings());
}

void HyperparameterPanel::emitReset()
{
    updatePendingNote();
    emit resetSettingsEdited(resetSettings());
}

} // namespace gan
