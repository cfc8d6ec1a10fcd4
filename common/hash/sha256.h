// SHA-256 (OpenSSL EVP) for policy-set digests.
#ifndef DX_COMMON_HASH_SHA256_H_
#define DX_COMMON_HASH_SHA256_H_

#include <memory>
#include <string>
#include <string_view>

namespace duixian {

// Incremental hasher. Thread-compatible.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void Update(std::string_view data);
  // Lowercase hex of the digest; the hasher must not be used afterwards.
  std::string FinishHex();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Lowercase hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

}  // namespace duixian

#endif  // DX_COMMON_HASH_SHA256_H_
