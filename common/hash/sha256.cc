#include "common/hash/sha256.h"

#include <openssl/evp.h>

namespace duixian {
namespace {

std::string ToHex(const unsigned char* bytes, unsigned int len) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    hex.push_back(kDigits[bytes[i] >> 4]);
    hex.push_back(kDigits[bytes[i] & 0xF]);
  }
  return hex;
}

}  // namespace

// `ctx` is null if OpenSSL could not allocate or initialise; the hasher then
// yields an empty digest rather than crashing.
struct Sha256::Impl {
  EVP_MD_CTX* ctx = nullptr;
  bool finished = false;
  std::string hex;
};

Sha256::Sha256() : impl_(std::make_unique<Impl>()) {
  impl_->ctx = EVP_MD_CTX_new();
  if (impl_->ctx != nullptr &&
      EVP_DigestInit_ex(impl_->ctx, EVP_sha256(), nullptr) != 1) {
    EVP_MD_CTX_free(impl_->ctx);
    impl_->ctx = nullptr;
  }
}

Sha256::~Sha256() { EVP_MD_CTX_free(impl_->ctx); }

void Sha256::Update(std::string_view data) {
  if (impl_->ctx == nullptr || impl_->finished) return;
  if (EVP_DigestUpdate(impl_->ctx, data.data(), data.size()) != 1) {
    EVP_MD_CTX_free(impl_->ctx);
    impl_->ctx = nullptr;
  }
}

std::string Sha256::FinishHex() {
  if (impl_->finished || impl_->ctx == nullptr) return impl_->hex;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(impl_->ctx, digest, &len) == 1) {
    impl_->hex = ToHex(digest, len);
  }
  impl_->finished = true;
  return impl_->hex;
}

std::string Sha256Hex(std::string_view data) {
  Sha256 hasher;
  hasher.Update(data);
  return hasher.FinishHex();
}

}  // namespace duixian
