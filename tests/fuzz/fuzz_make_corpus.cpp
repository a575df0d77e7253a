// Writes the small seed corpus of the fuzz harnesses: fuzz_make_corpus tests/fuzz/corpus
// A real checkpoint is about 25 MB (the seed's networks have two million weights), far too
// large to keep; the checkpoint seeds are real checkpoints with every tensor cut to a few
// elements (the whole structure, a few kilobytes), and one with its scalar entries only.

#include "engine/archive_edit.h"
#include "engine/synthetic_data.h"

#include "engine/gan_engine.h"

#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace {

void write(const fs::path& path, const std::string& bytes)
{
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << bytes;
    std::printf("%8zu  %s\n", bytes.size(), path.string().c_str());
}

std::string be32(std::uint32_t v) { return {char(v >> 24), char(v >> 16), char(v >> 8), char(v)}; }
std::string le32(std::uint32_t v) { return {char(v), char(v >> 8), char(v >> 16), char(v >> 24)}; }

std::string gzip(const std::string& raw)
{
    z_stream zs{};
    deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&zs, raw.size()) + 32, '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(raw.data()));
    zs.avail_in = static_cast<uInt>(raw.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    deflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    return out;
}

// The IDX harness's input: 4 bytes of split, the images file, the labels file.
std::string idxInput(const std::string& images, const std::string& labels)
{
    return le32(static_cast<std::uint32_t>(images.size())) + images + labels;
}

} // namespace

int main(int argc, char** argv)
{
    const fs::path out = argc > 1 ? argv[1] : "corpus";
    const auto digits = testdata::syntheticDigits(10);
    std::string images = be32(0x803) + be32(10) + be32(28) + be32(28);
    images.append(digits.pixels.begin(), digits.pixels.end());
    std::string labels = be32(0x801) + be32(10);
    labels.append(digits.labels.begin(), digits.labels.end());
    write(out / "idx" / "ten-digits-raw", idxInput(images, labels));
    write(out / "idx" / "ten-digits-gzip", idxInput(gzip(images), gzip(labels)));
    write(out / "idx" / "two-tiny-images", idxInput(be32(0x803) + be32(2) + be32(2) + be32(2) + "\x01\x02\x03\x04\x05\x06\x07\x08",
                                                    be32(0x801) + be32(2) + "\x03\x09"));
    write(out / "idx" / "label-out-of-range", idxInput(be32(0x803) + be32(1) + be32(1) + be32(1) + "\x7f",
                                                       be32(0x801) + be32(1) + "\x0a"));

    gan::ResetSettings r;
    r.batchSize = 16;
    r.device = gan::DevicePreference::Cpu;
    gan::GanEngine engine(testdata::syntheticDigits(64), r);
    engine.trainIteration();
    const std::string real = engine.serializeState();
    write(out / "checkpoint" / "cut-tensors.ckpt",
          testdata::rewriteCheckpoint(real, [](const std::string&, c10::IValue& v, bool&) {
              if (v.isTensor())
                  v = c10::IValue(v.toTensor().flatten().slice(0, 0, 2).clone());
          }));
    write(out / "checkpoint" / "scalars-only.ckpt",
          testdata::rewriteCheckpoint(real, [](const std::string& path, c10::IValue& v, bool& drop) {
              drop = v.isTensor() || path.find('.') != std::string::npos || path == "generator" || path == "discriminator"
                  || path.rfind("optimizer", 0) == 0;
          }));
    // The structure-aware harness reads its edits from any bytes.
    for (int i = 0; i < 4; ++i) {
        std::string seed;
        for (int j = 0; j < 24 + 16 * i; ++j)
            seed.push_back(static_cast<char>((j * 37 + i * 11) & 0xff));
        write(out / "checkpoint_fields" / ("edits-" + std::to_string(i)), seed);
    }
    return 0;
}
