#include "timeline_export.h"

#include <QFont>
#include <QLocale>
#include <QPainter>
#include <QSaveFile>

#include <gif_lib.h>

#include <cstring>

namespace gan {
namespace {

int appendToByteArray(GifFileType* gif, const GifByteType* data, int length)
{
    static_cast<QByteArray*>(gif->UserData)->append(reinterpret_cast<const char*>(data), length);
    return length;
}

void setError(QString* error, const QString& text)
{
    if (error)
        *error = text;
}

} // namespace

QImage captionedFrame(const GridTimeline::Frame& frame, int scale)
{
    scale = qMax(1, scale);
    const QImage grid = frame.image.convertToFormat(QImage::Format_Grayscale8)
                            .scaled(frame.image.size() * scale, Qt::IgnoreAspectRatio, Qt::FastTransformation);
    const int band = 12 + 6 * scale;
    QImage out(grid.width(), grid.height() + band, QImage::Format_RGB32);
    out.fill(Qt::black);
    QPainter p(&out);
    p.drawImage(0, 0, grid);
    QFont f = p.font();
    f.setPixelSize(band - 6);
    p.setFont(f);
    p.setPen(Qt::white);
    p.drawText(QRect(0, grid.height(), grid.width(), band), Qt::AlignCenter,
               QStringLiteral("iteration %1").arg(QLocale::c().toString(frame.iteration)));
    p.end();
    return out.convertToFormat(QImage::Format_Grayscale8);
}

QByteArray encodeTimelineGif(const QList<GridTimeline::Frame>& frames, int delayCs, int scale, QString* error)
{
    if (frames.isEmpty()) {
        setError(error, QStringLiteral("the timeline has no frames yet"));
        return {};
    }
    QList<QImage> images;
    for (const auto& f : frames)
        images.append(captionedFrame(f, scale));
    const QSize size = images.first().size();

    QByteArray bytes;
    int code = 0;
    GifFileType* gif = EGifOpen(&bytes, appendToByteArray, &code);
    if (!gif) {
        setError(error, QStringLiteral("GIF encoder: %1").arg(QString::fromLatin1(GifErrorString(code))));
        return {};
    }
    GifColorType greys[256];
    for (int i = 0; i < 256; ++i)
        greys[i] = {GifByteType(i), GifByteType(i), GifByteType(i)};
    ColorMapObject* map = GifMakeMapObject(256, greys);
    EGifSetGifVersion(gif, true);
    bool ok = map && EGifPutScreenDesc(gif, size.width(), size.height(), 8, 0, map) == GIF_OK;
    // Loop forever (the NETSCAPE2.0 application extension).
    static const GifByteType netscape[] = "NETSCAPE2.0";
    static const GifByteType loop[] = {1, 0, 0};
    ok = ok && EGifPutExtensionLeader(gif, APPLICATION_EXT_FUNC_CODE) == GIF_OK
        && EGifPutExtensionBlock(gif, 11, netscape) == GIF_OK && EGifPutExtensionBlock(gif, 3, loop) == GIF_OK
        && EGifPutExtensionTrailer(gif) == GIF_OK;
    for (int i = 0; ok && i < images.size(); ++i) {
        QImage img = images[i];
        if (img.size() != size)
            img = img.scaled(size, Qt::IgnoreAspectRatio, Qt::FastTransformation);
        GraphicsControlBlock gcb{};
        gcb.DisposalMode = DISPOSAL_UNSPECIFIED;
        gcb.DelayTime = i + 1 == images.size() ? 4 * qMax(1, delayCs) : qMax(1, delayCs);
        gcb.TransparentColor = NO_TRANSPARENT_COLOR;
        GifByteType ext[4];
        const size_t len = EGifGCBToExtension(&gcb, ext);
        ok = EGifPutExtension(gif, GRAPHICS_EXT_FUNC_CODE, int(len), ext) == GIF_OK
            && EGifPutImageDesc(gif, 0, 0, size.width(), size.height(), false, nullptr) == GIF_OK;
        for (int y = 0; ok && y < size.height(); ++y)
            ok = EGifPutLine(gif, const_cast<GifPixelType*>(img.constScanLine(y)), size.width()) == GIF_OK;
    }
    if (!ok)
        code = gif->Error;
    int closeCode = 0;
    if (EGifCloseFile(gif, &closeCode) != GIF_OK && ok) {
        ok = false;
        code = closeCode;
    }
    GifFreeMapObject(map);
    if (!ok) {
        setError(error, QStringLiteral("GIF encoder: %1").arg(QString::fromLatin1(GifErrorString(code))));
        return {};
    }
    return bytes;
}

bool writeTimelineGif(const QString& path, const QList<GridTimeline::Frame>& frames, int delayCs, int scale, QString* error)
{
    const QByteArray bytes = encodeTimelineGif(frames, delayCs, scale, error);
    if (bytes.isEmpty())
        return false;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        setError(error, QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
        return false;
    }
    return true;
}

QImage makeTimelineStrip(const QList<GridTimeline::Frame>& frames, int scale)
{
    if (frames.isEmpty())
        return {};
    QList<QImage> images;
    int width = 0, height = 0;
    constexpr int gap = 4;
    for (const auto& f : frames) {
        images.append(captionedFrame(f, scale));
        width += images.last().width() + gap;
        height = qMax(height, images.last().height());
    }
    QImage strip(width - gap, height, QImage::Format_RGB32);
    strip.fill(Qt::white);
    QPainter p(&strip);
    int x = 0;
    for (const QImage& img : images) {
        p.drawImage(x, 0, img);
        x += img.width() + gap;
    }
    p.end();
    return strip.convertToFormat(QImage::Format_Grayscale8);
}

} // namespace gan
