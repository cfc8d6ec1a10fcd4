#include "common/hash/sha256.h"

#include <string>

#include "gtest/gtest.h"

namespace duixian {
namespace {

TEST(Sha256Test, KnownVectors) {
  EXPECT_EQ(Sha256Hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256Test, IncrementalMatchesOneShot) {
  Sha256 hasher;
  hasher.Update("政策 ");
  hasher.Update("");
  hasher.Update("科技型中小企业");
  EXPECT_EQ(hasher.FinishHex(), Sha256Hex("政策 科技型中小企业"));
}

TEST(Sha256Test, FinishIsIdempotentAndIgnoresLaterUpdates) {
  Sha256 hasher;
  hasher.Update("abc");
  const std::string first = hasher.FinishHex();
  hasher.Update("more");
  EXPECT_EQ(hasher.FinishHex(), first);
}

}  // namespace
}  // namespace duixian
