#include "tools/gen/population_generator.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace duixian::gen {
namespace {

// ---------------------------------------------------------------------------
// Randomness: splitmix64 streams keyed by (seed, firm index, stream), so that
// firm i never depends on any other firm, and changing --missing-share or
// --bad-share does not move the other values of a firm.

constexpr uint64_t kGolden = 0x9E3779B97F4A7C15ULL;

uint64_t Mix(uint64_t z) {
  z += kGolden;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// kStreamExtra: values added to series that existing fields already write
// (e.g. a 2025 entry), so that the main stream's draws stay as they were.
enum Stream : uint64_t { kStreamMain = 1, kStreamMissing = 2, kStreamBad = 3, kStreamExtra = 4 };

class Rng {
 public:
  Rng(uint64_t seed, uint64_t index, uint64_t stream)
      : state_(Mix(Mix(seed ^ Mix(stream * kGolden)) + index)) {}

  uint64_t Next() {
    state_ += kGolden;
    uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // [0, 1)
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  double Uniform(double lo, double hi) { return lo + (hi - lo) * Uniform(); }
  // Inclusive.
  int Int(int lo, int hi) {
    return lo + static_cast<int>(Next() % static_cast<uint64_t>(hi - lo + 1));
  }
  bool Chance(double p) { return Uniform() < p; }
  // Standard normal (Box–Muller; one value per call keeps streams simple).
  double Normal() {
    double u1 = 1.0 - Uniform();  // (0, 1]
    double u2 = Uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  // exp(mu + sigma·Z)
  double LogNormal(double mu, double sigma) { return std::exp(mu + sigma * Normal()); }
  double Exponential(double mean) { return -mean * std::log(1.0 - Uniform()); }
  // Poisson count (Knuth for small means, rounded normal above 30).
  int64_t Poisson(double mean) {
    if (mean <= 0) return 0;
    if (mean > 30) return std::max<int64_t>(0, std::llround(mean + std::sqrt(mean) * Normal()));
    double limit = std::exp(-mean);
    double p = Uniform();
    int64_t k = 0;
    while (p > limit) {
      ++k;
      p *= Uniform();
    }
    return k;
  }

  template <typename T, size_t N>
  const T& Pick(const T (&items)[N]) {
    return items[Next() % N];
  }

 private:
  uint64_t state_;
};

// Picks by the `weight` member of the table entries.
template <typename T, size_t N>
const T& PickWeighted(Rng& rng, const T (&items)[N]) {
  double total = 0;
  for (const T& t : items) total += t.weight;
  double x = rng.Uniform() * total;
  for (const T& t : items) {
    if (x < t.weight) return t;
    x -= t.weight;
  }
  return items[N - 1];
}

// ---------------------------------------------------------------------------
// Tables.

struct Town {
  const char* name;
  double weight;  // roughly by number of firms / economic size
};

// clang-format off
constexpr Town kTowns[] = {
    {"长安镇", 8.0},   {"虎门镇", 8.0},     {"东城街道", 7.0}, {"塘厦镇", 6.0},   {"常平镇", 6.0},
    {"南城街道", 6.0}, {"大朗镇", 5.0},     {"寮步镇", 5.0},   {"厚街镇", 5.0},   {"松山湖", 4.5},
    {"凤岗镇", 4.5},   {"清溪镇", 4.0},     {"大岭山镇", 4.0}, {"黄江镇", 3.5},   {"万江街道", 3.0},
    {"樟木头镇", 2.5}, {"石碣镇", 2.5},     {"莞城街道", 2.0}, {"茶山镇", 2.0},   {"石排镇", 2.0},
    {"横沥镇", 2.0},   {"石龙镇", 1.8},     {"桥头镇", 1.8},   {"东坑镇", 1.8},   {"沙田镇", 1.5},
    {"企石镇", 1.5},   {"中堂镇", 1.5},     {"高埗镇", 1.5},   {"道滘镇", 1.3},   {"麻涌镇", 1.3},
    {"谢岗镇", 1.2},   {"望牛墩镇", 0.9},   {"洪梅镇", 0.8},   {"滨海湾新区", 0.6}, {"东莞港", 0.3},
};

// Thresholds of the statistical libraries (DOMAIN.md §2.3), in 元.
enum class Sector {
  kIndustry,      // B, C, D: 规上工业 at 2000万 主营业务收入
  kWholesale,     // 限上 at 2000万
  kRetail,        // 限上 at 500万
  kLodging,       // 限上 at 200万
  kCatering,      // 限上 at 200万
  kConstruction,  // 资质内建筑业
  kRealEstate,    // 房地产开发经营
  kService2000,   // 规上服务业 at 2000万 (G, I)
  kService1000,   // at 1000万 (L, M, P, K rental)
  kService500,    // at 500万 (O, 物业管理)
  kAgriculture,
};

struct Industry {
  const char* code;   // GB/T 4754-2017 小类
  const char* word;   // for the firm name
  const char* scope;  // business scope (经营范围)
  Sector sector;
  double weight;        // per mille of firms
  double median_wan;    // median yearly revenue, 万元
  double sigma;         // log-normal spread of revenue
  double rpe_wan;       // revenue per employee, 万元
  double high_tech;     // base probability of 高新技术企业
  double export_share;  // probability of exporting
};

constexpr Industry kIndustries[] = {
    // Electronics (C39), Dongguan's largest industry.
    {"C3982", "电子电路", "研发、生产、销售：印制电路板、电子电路", Sector::kIndustry, 18, 450, 1.9, 40, 0.35, 0.45},
    {"C3981", "电子元件", "生产、销售：电阻、电容、电感元件", Sector::kIndustry, 14, 400, 1.8, 38, 0.30, 0.40},
    {"C3976", "光电科技", "研发、生产、销售：光电子器件、光通信模块", Sector::kIndustry, 6, 450, 1.9, 45, 0.45, 0.40},
    {"C3974", "显示科技", "研发、生产、销售：液晶显示模组、触摸屏", Sector::kIndustry, 4, 600, 2.0, 45, 0.40, 0.45},
    {"C3973", "半导体", "集成电路设计、封装、测试", Sector::kIndustry, 2, 600, 2.1, 60, 0.60, 0.30},
    {"C3912", "电脑配件", "生产、销售：计算机零部件、键盘、鼠标", Sector::kIndustry, 8, 450, 1.8, 35, 0.25, 0.55},
    {"C3922", "通讯科技", "研发、生产、销售：通信终端设备、手机配件", Sector::kIndustry, 6, 500, 2.1, 50, 0.35, 0.50},
    {"C3952", "音响电子", "研发、生产、销售：音响设备、蓝牙耳机", Sector::kIndustry, 6, 350, 1.7, 35, 0.25, 0.60},
    {"C3961", "智能科技", "研发、生产、销售：可穿戴智能设备", Sector::kIndustry, 5, 400, 1.9, 45, 0.40, 0.55},
    {"C3989", "电子", "生产、销售：电子元器件、连接器", Sector::kIndustry, 10, 350, 1.7, 35, 0.25, 0.45},
    {"C3990", "电子科技", "研发、生产、销售：电子产品及配件", Sector::kIndustry, 6, 350, 1.7, 35, 0.25, 0.45},
    // Electrical machinery (C38).
    {"C3841", "新能源", "研发、生产、销售：锂离子电池、电池模组", Sector::kIndustry, 5, 600, 2.0, 50, 0.40, 0.40},
    {"C3872", "照明", "生产、销售：LED照明灯具", Sector::kIndustry, 12, 300, 1.6, 35, 0.15, 0.50},
    {"C3831", "电线电缆", "生产、销售：电线、电缆、线束", Sector::kIndustry, 6, 450, 1.7, 60, 0.15, 0.30},
    {"C3859", "电器", "生产、销售：小家电、家用电器配件", Sector::kIndustry, 10, 350, 1.8, 40, 0.20, 0.55},
    {"C3819", "电机", "生产、销售：微特电机及组件", Sector::kIndustry, 6, 400, 1.7, 40, 0.25, 0.40},
    {"C3899", "电气", "生产、销售：电气机械及器材", Sector::kIndustry, 8, 300, 1.6, 40, 0.15, 0.30},
    // Metal products (C33).
    {"C3311", "钢结构", "金属结构制造、安装", Sector::kIndustry, 8, 350, 1.5, 60, 0.06, 0.10},
    {"C3325", "五金制品", "生产、销售：五金配件、家具五金", Sector::kIndustry, 14, 250, 1.5, 30, 0.06, 0.40},
    {"C3360", "表面处理", "金属表面处理及热处理加工", Sector::kIndustry, 8, 300, 1.4, 35, 0.05, 0.10},
    {"C3399", "精密五金", "生产、销售：精密五金件、金属制品", Sector::kIndustry, 20, 250, 1.6, 30, 0.08, 0.35},
    // Rubber and plastics (C29).
    {"C2929", "塑胶制品", "生产、销售：塑胶制品、塑料零件", Sector::kIndustry, 25, 250, 1.6, 30, 0.06, 0.40},
    {"C2927", "塑料制品", "生产、销售：日用塑料制品", Sector::kIndustry, 10, 200, 1.5, 28, 0.04, 0.45},
    {"C2913", "橡胶制品", "生产、销售：橡胶零件、硅胶制品", Sector::kIndustry, 8, 250, 1.5, 30, 0.06, 0.40},
    // Textiles, garments, shoes (C17, C18, C19).
    {"C1810", "服装", "生产、销售：服装、服饰", Sector::kIndustry, 18, 200, 1.4, 18, 0.02, 0.40},
    {"C1820", "毛织", "生产、销售：针织服装、毛衣", Sector::kIndustry, 22, 180, 1.4, 18, 0.02, 0.40},
    {"C1830", "服饰", "生产、销售：服饰、帽子、围巾", Sector::kIndustry, 6, 150, 1.3, 18, 0.02, 0.35},
    {"C1713", "印染", "棉印染精加工", Sector::kIndustry, 4, 400, 1.4, 35, 0.04, 0.20},
    {"C1761", "针织", "针织或钩针编织物织造", Sector::kIndustry, 6, 300, 1.4, 30, 0.03, 0.30},
    {"C1951", "鞋业", "生产、销售：皮鞋、鞋材", Sector::kIndustry, 10, 300, 1.6, 18, 0.03, 0.55},
    // Food and drink (C13–C15).
    {"C1331", "粮油", "食用植物油加工", Sector::kIndustry, 2, 1200, 1.8, 120, 0.05, 0.05},
    {"C1320", "饲料", "饲料加工、销售", Sector::kIndustry, 2, 1500, 1.6, 150, 0.08, 0.02},
    {"C1411", "食品", "糕点、面包制造", Sector::kIndustry, 5, 200, 1.4, 25, 0.03, 0.05},
    {"C1419", "烘焙食品", "饼干及其他焙烤食品制造", Sector::kIndustry, 3, 250, 1.5, 30, 0.04, 0.10},
    {"C1421", "糖果", "糖果、巧克力制造", Sector::kIndustry, 2, 300, 1.6, 35, 0.04, 0.15},
    {"C1469", "调味食品", "调味品、发酵制品制造", Sector::kIndustry, 2, 300, 1.6, 40, 0.05, 0.10},
    {"C1529", "饮料", "饮料生产、销售", Sector::kIndustry, 3, 400, 1.9, 60, 0.05, 0.05},
    // Furniture, paper, printing, toys, chemicals, medicine.
    {"C2110", "家具", "生产、销售：实木家具、板式家具", Sector::kIndustry, 14, 300, 1.5, 25, 0.04, 0.50},
    {"C2130", "金属家具", "生产、销售：金属家具、办公家具", Sector::kIndustry, 5, 300, 1.5, 30, 0.05, 0.45},
    {"C2190", "家居", "生产、销售：家居用品、软体家具", Sector::kIndustry, 5, 250, 1.5, 25, 0.03, 0.45},
    {"C2231", "纸品包装", "生产、销售：纸箱、纸制品包装", Sector::kIndustry, 12, 300, 1.5, 35, 0.04, 0.15},
    {"C2319", "印刷", "包装装潢印刷品印刷", Sector::kIndustry, 12, 250, 1.5, 30, 0.06, 0.25},
    {"C2451", "玩具", "生产、销售：塑胶玩具", Sector::kIndustry, 10, 250, 1.6, 22, 0.03, 0.65},
    {"C2459", "礼品玩具", "生产、销售：玩具、工艺礼品", Sector::kIndustry, 6, 200, 1.5, 22, 0.03, 0.60},
    {"C2641", "涂料", "生产、销售：涂料、油墨", Sector::kIndustry, 4, 500, 1.6, 70, 0.20, 0.15},
    {"C2770", "医疗器械", "生产、销售：卫生材料及医药用品", Sector::kIndustry, 2, 400, 1.7, 40, 0.35, 0.30},
    // Machinery, instruments, vehicles.
    {"C3484", "机械", "机械零部件加工", Sector::kIndustry, 12, 250, 1.5, 35, 0.10, 0.25},
    {"C3523", "机械设备", "研发、生产、销售：塑料加工专用设备", Sector::kIndustry, 5, 450, 1.7, 45, 0.30, 0.30},
    {"C3562", "半导体设备", "研发、生产、销售：半导体器件专用设备", Sector::kIndustry, 2, 600, 1.9, 55, 0.55, 0.25},
    {"C3599", "自动化设备", "研发、生产、销售：自动化设备、非标设备", Sector::kIndustry, 10, 350, 1.7, 45, 0.30, 0.20},
    {"C3670", "汽车配件", "生产、销售：汽车零部件及配件", Sector::kIndustry, 6, 500, 1.8, 45, 0.20, 0.30},
    {"C4011", "自动化科技", "研发、生产、销售：工业自动控制系统装置", Sector::kIndustry, 5, 400, 1.8, 50, 0.45, 0.20},
    {"C4190", "实业", "其他未列明制造", Sector::kIndustry, 6, 200, 1.5, 30, 0.03, 0.30},
    // Utilities (D).
    {"D4420", "电力", "电力供应", Sector::kIndustry, 1, 3000, 2.0, 300, 0.05, 0.0},
    {"D4610", "水务", "自来水生产和供应", Sector::kIndustry, 0.5, 2000, 1.5, 150, 0.02, 0.0},
    // Wholesale (F51).
    {"F5174", "五金贸易", "五金产品批发", Sector::kWholesale, 25, 300, 1.8, 150, 0.005, 0.10},
    {"F5175", "电气贸易", "电气设备批发", Sector::kWholesale, 15, 350, 1.8, 180, 0.005, 0.10},
    {"F5176", "电脑科技", "计算机、软件及辅助设备批发", Sector::kWholesale, 12, 350, 1.9, 200, 0.01, 0.15},
    {"F5179", "电子贸易", "电子产品批发", Sector::kWholesale, 30, 400, 1.9, 220, 0.005, 0.25},
    {"F5132", "服装贸易", "服装批发", Sector::kWholesale, 15, 250, 1.7, 120, 0.0, 0.20},
    {"F5137", "家电贸易", "家用电器批发", Sector::kWholesale, 8, 400, 1.8, 200, 0.0, 0.15},
    {"F5121", "粮油贸易", "米、面制品及食用油批发", Sector::kWholesale, 8, 500, 1.8, 250, 0.0, 0.0},
    {"F5127", "茶业", "酒、饮料及茶叶批发", Sector::kWholesale, 6, 200, 1.6, 120, 0.0, 0.0},
    {"F5165", "建材", "建材批发", Sector::kWholesale, 15, 400, 1.8, 200, 0.0, 0.0},
    {"F5169", "化工贸易", "化工产品批发（不含危险化学品）", Sector::kWholesale, 12, 450, 1.9, 250, 0.0, 0.05},
    {"F5181", "国际贸易", "货物进出口、贸易代理", Sector::kWholesale, 10, 500, 2.0, 300, 0.0, 0.80},
    {"F5191", "再生资源", "再生物资回收与批发", Sector::kWholesale, 4, 300, 1.7, 150, 0.0, 0.0},
    {"F5199", "供应链", "其他未列明批发、供应链管理", Sector::kWholesale, 10, 500, 2.0, 300, 0.0, 0.30},
    // Retail (F52).
    {"F5211", "百货", "百货零售", Sector::kRetail, 5, 300, 1.8, 60, 0.0, 0.0},
    {"F5212", "超市", "超级市场零售", Sector::kRetail, 15, 150, 1.7, 50, 0.0, 0.0},
    {"F5219", "商行", "日用百货零售", Sector::kRetail, 10, 80, 1.4, 40, 0.0, 0.0},
    {"F5232", "服饰", "服装零售", Sector::kRetail, 15, 80, 1.4, 40, 0.0, 0.0},
    {"F5251", "五金店", "五金零售", Sector::kRetail, 8, 80, 1.3, 40, 0.0, 0.0},
    {"F5261", "汽车销售服务", "汽车新车零售", Sector::kRetail, 5, 2500, 1.3, 300, 0.0, 0.0},
    {"F5265", "石油", "机动车燃油零售", Sector::kRetail, 3, 1500, 1.0, 200, 0.0, 0.0},
    {"F5271", "电器", "家用视听设备零售", Sector::kRetail, 5, 120, 1.5, 60, 0.0, 0.0},
    {"F5292", "电子商务", "互联网零售", Sector::kRetail, 25, 150, 1.9, 80, 0.01, 0.30},
    // Lodging and catering (H).
    {"H6110", "酒店", "住宿服务", Sector::kLodging, 4, 400, 1.6, 15, 0.0, 0.0},
    {"H6121", "酒店管理", "经济型连锁酒店", Sector::kLodging, 4, 150, 1.2, 12, 0.0, 0.0},
    {"H6210", "餐饮", "正餐服务", Sector::kCatering, 20, 60, 1.3, 12, 0.0, 0.0},
    {"H6220", "餐饮管理", "快餐服务", Sector::kCatering, 15, 50, 1.3, 12, 0.0, 0.0},
    {"H6291", "小吃", "小吃服务", Sector::kCatering, 6, 25, 1.0, 10, 0.0, 0.0},
    // Software and information services (I65).
    {"I6513", "软件", "应用软件开发", Sector::kService2000, 12, 150, 1.8, 40, 0.30, 0.05},
    {"I6511", "信息技术", "基础软件开发", Sector::kService2000, 3, 150, 1.8, 40, 0.35, 0.05},
    {"I6531", "信息系统", "信息系统集成服务", Sector::kService2000, 10, 200, 1.8, 60, 0.25, 0.02},
    {"I6560", "网络科技", "信息技术咨询服务", Sector::kService2000, 6, 100, 1.6, 40, 0.15, 0.02},
    {"I6550", "数据科技", "信息处理和存储支持服务", Sector::kService2000, 4, 150, 1.9, 60, 0.25, 0.02},
    // Leasing and business services (L).
    {"L7211", "实业投资", "企业总部管理", Sector::kService1000, 4, 300, 2.0, 100, 0.0, 0.0},
    {"L7212", "投资管理", "投资与资产管理", Sector::kService1000, 8, 100, 1.9, 80, 0.0, 0.0},
    {"L7299", "企业管理", "企业管理咨询、商务服务", Sector::kService1000, 18, 60, 1.6, 30, 0.0, 0.0},
    {"L7119", "设备租赁", "机械设备经营租赁", Sector::kService1000, 6, 150, 1.7, 80, 0.0, 0.0},
    {"L7259", "广告", "广告设计、制作、发布", Sector::kService1000, 6, 60, 1.5, 30, 0.0, 0.0},
    {"L7263", "人力资源", "劳务派遣服务", Sector::kService1000, 6, 200, 1.7, 10, 0.0, 0.0},
    // Research and technical services (M).
    {"M7320", "技术研究", "工程和技术研究和试验发展", Sector::kService1000, 6, 150, 1.8, 40, 0.40, 0.05},
    {"M7452", "检测技术", "检验检测服务", Sector::kService1000, 5, 200, 1.6, 35, 0.35, 0.02},
    {"M7491", "工业设计", "工业设计服务", Sector::kService1000, 5, 100, 1.6, 35, 0.30, 0.10},
    {"M7484", "工程设计", "工程设计活动", Sector::kService1000, 4, 200, 1.6, 40, 0.15, 0.0},
    // Construction (E).
    {"E4710", "建筑工程", "房屋建筑工程施工", Sector::kConstruction, 6, 1000, 1.8, 80, 0.02, 0.0},
    {"E4910", "机电工程", "电气安装", Sector::kConstruction, 8, 300, 1.6, 60, 0.03, 0.0},
    {"E5011", "装饰工程", "公共建筑装饰和装修", Sector::kConstruction, 6, 300, 1.6, 60, 0.02, 0.0},
    {"E5012", "装饰设计", "住宅装饰和装修", Sector::kConstruction, 10, 100, 1.4, 40, 0.0, 0.0},
    // Transport and logistics (G).
    {"G5431", "运输", "普通货物道路运输", Sector::kService2000, 12, 200, 1.6, 50, 0.0, 0.0},
    {"G5821", "国际货运代理", "货物运输代理", Sector::kService2000, 10, 300, 1.8, 120, 0.0, 0.10},
    {"G5920", "仓储", "通用仓储", Sector::kService2000, 5, 200, 1.6, 60, 0.0, 0.0},
    {"G6020", "快递", "快递服务", Sector::kService2000, 3, 300, 1.7, 30, 0.0, 0.0},
    // Real estate (K).
    {"K7010", "房地产开发", "房地产开发经营", Sector::kRealEstate, 5, 3000, 2.0, 400, 0.0, 0.0},
    {"K7020", "物业管理", "物业管理", Sector::kService500, 10, 200, 1.4, 10, 0.0, 0.0},
    {"K7040", "物业投资", "房地产租赁经营", Sector::kService1000, 5, 150, 1.6, 100, 0.0, 0.0},
    // Residents' services, education, agriculture.
    {"O8111", "汽车维修", "汽车修理与维护", Sector::kService500, 8, 60, 1.3, 20, 0.0, 0.0},
    {"O8290", "生活服务", "其他未列明服务", Sector::kService500, 7, 40, 1.3, 15, 0.0, 0.0},
    {"P8391", "职业培训", "职业技能培训", Sector::kService1000, 4, 80, 1.4, 20, 0.0, 0.0},
    {"A0141", "农业", "蔬菜种植", Sector::kAgriculture, 2, 80, 1.3, 15, 0.0, 0.0},
    {"A0412", "水产", "内陆养殖", Sector::kAgriculture, 2, 100, 1.3, 15, 0.0, 0.0},
};

const char* const kTradeNames[] = {
    "华盛", "宏达", "鑫源", "金利", "永发", "恒通", "裕丰", "嘉信", "盈科", "创达", "精诚", "立信",
    "汇丰", "德昌", "瑞祥", "福兴", "长盈", "众合", "新宇", "海星", "天成", "富力", "旭日", "锦华",
    "宝龙", "中诚", "聚德", "博远", "科瑞", "正泰", "卓越", "凯达", "荣昌", "丰泽", "信达", "联创",
    "腾飞", "明辉", "泰和", "兴业", "广益", "东升", "铭鑫", "鼎盛", "伟业", "昌隆", "迅达", "安捷",
    "美佳", "优诺", "顺意", "万利", "金城", "晶辉", "润发", "同创", "致远", "弘毅", "华誉", "俊杰",
};
const char* const kNameChars[] = {"华", "达", "源", "利", "发", "通", "丰", "信", "科", "德", "瑞", "兴",
                                  "盛", "宏", "鑫", "嘉", "泰", "新", "诚", "辉", "晟", "创", "联", "锐",
                                  "宇", "航", "佳", "美", "力", "祥", "昇", "骏", "晶", "和", "益", "智"};
const char* const kSurnames[] = {"陈", "李", "张", "黄", "王", "刘", "林", "何", "叶", "梁", "罗", "钟",
                                 "邓", "袁", "卢", "莫", "蔡", "郑", "吴", "杨", "周", "谢", "曾", "冯"};
const char* const kGivenChars[] = {"伟", "强", "军", "敏", "静", "丽", "勇", "杰", "涛", "明", "超", "华",
                                   "平", "刚", "芳", "燕", "俊", "斌", "辉", "志", "宇", "建", "国", "文",
                                   "海", "东", "荣", "峰", "嘉", "慧", "婷", "浩"};
const char* const kRoads[] = {"振安路", "莞长路", "东城大道", "鸿福路", "体育路", "莞太路", "环城路",
                              "工业大道", "松山湖大道", "科技路", "兴业路", "创新路", "宝石路", "富民路",
                              "育才路", "银湖路", "新城路", "沿河路", "莞樟路", "常黄路"};
const char* const kCities[] = {"深圳市", "广州市", "惠州市", "佛山市", "上海市", "香港", "台湾"};

struct PenaltyKind {
  const char* authority;
  const char* short_name;  // in the document number
  const char* reason;
  double weight;
};
constexpr PenaltyKind kPenaltyKinds[] = {
    {"东莞市生态环境局", "东环罚", "违反排污许可管理规定", 3},
    {"东莞市市场监督管理局", "东市监罚", "销售不合格产品", 3},
    {"国家税务总局东莞市税务局", "东税罚", "未按规定期限办理纳税申报", 3},
    {"东莞市应急管理局", "东应急罚", "未按规定开展安全生产教育培训", 2},
    {"东莞市消防救援支队", "东消行罚", "消防设施未保持完好有效", 2},
    {"东莞市城市管理和综合执法局", "东综执罚", "违反城市管理规定", 1},
    {"中华人民共和国东莞海关", "东关罚", "申报不实", 1},
};

struct BenefitKind {
  const char* project;
  const char* department;
  const char* level;
  double min_wan;
  double max_wan;
};
constexpr BenefitKind kBenefitKinds[] = {
    {"东莞市研发投入奖励", "东莞市科学技术局", "市级", 5, 200},
    {"高新技术企业认定奖励", "东莞市科学技术局", "市级", 10, 30},
    {"规上工业企业新入库奖励", "东莞市工业和信息化局", "市级", 5, 20},
    {"技术改造项目资助", "东莞市工业和信息化局", "市级", 10, 500},
    {"专精特新企业奖励", "东莞市工业和信息化局", "市级", 10, 100},
    {"外经贸发展专项资金（展会补助）", "东莞市商务局", "市级", 1, 30},
    {"省级促进经济高质量发展专项资金", "广东省工业和信息化厅", "省级", 30, 300},
    {"镇街稳增长奖励", "镇人民政府", "镇级", 2, 50},
    {"一次性吸纳就业补贴", "东莞市人力资源和社会保障局", "市级", 0.2, 10},
};

// clang-format on

const char* const kProjectKinds[] = {"技术改造", "智能化改造", "数字化改造", "扩建", "新建"};
const char* const kProjectObjects[] = {"生产线",       "SMT产线",  "注塑车间",
                                       "仓储物流系统", "MES系统",  "自动化装配线",
                                       "喷涂线",       "检测中心", "厂房"};
const char* const kBanks[] = {"中国工商银行东莞分行",
                              "中国建设银行东莞市分行",
                              "中国农业银行东莞分行",
                              "中国银行东莞分行",
                              "东莞银行",
                              "东莞农村商业银行",
                              "招商银行东莞分行"};

// ---------------------------------------------------------------------------
// Text helpers.

void AppendInt(std::string* s, int64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  s->append(buf, static_cast<size_t>(r.ptr - buf));
}

void AppendPadded(std::string* s, uint64_t v, int width) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  int len = static_cast<int>(r.ptr - buf);
  if (len < width) s->append(static_cast<size_t>(width - len), '0');
  s->append(buf, static_cast<size_t>(len));
}

// A fraction with four decimals, "0.0345"; clamped to [0, 1].
void AppendFraction(std::string* s, double x) {
  int64_t bp = std::llround(std::clamp(x, 0.0, 1.0) * 10000);
  if (bp >= 10000) {
    s->append("1");
    return;
  }
  s->append("0.");
  AppendPadded(s, static_cast<uint64_t>(bp), 4);
}

struct Date {
  int y = 2000;
  int m = 1;
  int d = 1;
  int Days() const { return y * 372 + m * 31 + d; }  // order only
};

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int DaysIn(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

void AppendDate(std::string* s, const Date& d) {
  AppendPadded(s, static_cast<uint64_t>(d.y), 4);
  s->push_back('-');
  AppendPadded(s, static_cast<uint64_t>(d.m), 2);
  s->push_back('-');
  AppendPadded(s, static_cast<uint64_t>(d.d), 2);
}

Date RandomDate(Rng& rng, int year) {
  Date d;
  d.y = year;
  d.m = rng.Int(1, 12);
  d.d = rng.Int(1, DaysIn(year, d.m));
  return d;
}

// A date `months` after `d`, day clamped to the month.
Date AddMonths(const Date& d, int months) {
  int total = d.y * 12 + (d.m - 1) + months;
  Date r;
  r.y = total / 12;
  r.m = total % 12 + 1;
  r.d = std::min(d.d, DaysIn(r.y, r.m));
  return r;
}

// GB 11714 organisation code: 8 characters and the check character.
constexpr std::string_view kUsccCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY";

char OrgCodeCheck(std::string_view body8) {
  static constexpr int kWeights[] = {3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (size_t i = 0; i < 8; ++i) {
    char c = body8[i];
    int v = c >= '0' && c <= '9' ? c - '0' : c - 'A' + 10;
    sum += v * kWeights[i];
  }
  int c = 11 - sum % 11;
  if (c == 10) return 'X';
  if (c == 11) return '0';
  return static_cast<char>('0' + c);
}

char UsccCheck(std::string_view first17) {
  int sum = 0;
  int weight = 1;
  for (char c : first17) {
    sum += static_cast<int>(kUsccCharset.find(c)) * weight;
    weight = weight * 3 % 31;
  }
  return kUsccCharset[static_cast<size_t>((31 - sum % 31) % 31)];
}

// A USCC unique per firm index: the organisation code's body is an affine
// bijection of the index (seed-dependent offset), eight digits for firms set
// up before 2015 and "MA" + six characters after.
std::string MakeUscc(char category, uint64_t index, uint64_t seed, bool legacy) {
  std::string code = "9";
  code.push_back(category);
  code += "441900";
  if (legacy) {
    constexpr uint64_t kSpace = 100000000;  // 10^8
    uint64_t v = (index * 48271 + Mix(seed) % kSpace) % kSpace;
    std::string digits;
    AppendPadded(&digits, v, 8);
    code += digits;
  } else {
    constexpr uint64_t kSpace = 887503681;  // 31^6
    uint64_t v = (index * 1103515245 + Mix(seed) % kSpace) % kSpace;
    char buf[6];
    for (int i = 5; i >= 0; --i) {
      buf[i] = kUsccCharset[v % 31];
      v /= 31;
    }
    code += "MA";
    code.append(buf, 6);
  }
  code.push_back(OrgCodeCheck(std::string_view(code).substr(8, 8)));
  code.push_back(UsccCheck(code));
  return code;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// "长安镇" → "长安", "东城街道" → "东城", "松山湖" → "松山湖".
std::string_view TownStem(std::string_view town) {
  if (EndsWith(town, "街道")) return town.substr(0, town.size() - 6);
  if (EndsWith(town, "镇")) return town.substr(0, town.size() - 3);
  return town;
}

std::string TownGovernment(std::string_view town) {
  std::string g(town);
  g += EndsWith(town, "镇") ? "人民政府" : EndsWith(town, "街道") ? "办事处" : "管理委员会";
  return g;
}

// ---------------------------------------------------------------------------
// One firm.

enum class Entity { kFirm, kIndividual, kBranch, kCooperative };

constexpr int kFirstYear = 2022;
constexpr int kLastYear = 2024;
constexpr int kYears = kLastYear - kFirstYear + 1;

int64_t Yuan(double x) { return static_cast<int64_t>(std::llround(x)); }
// Rounded to 100 元, as statistical returns usually are.
int64_t Yuan100(double x) { return static_cast<int64_t>(std::llround(x / 100.0)) * 100; }

double Threshold(Sector s) {
  switch (s) {
    case Sector::kIndustry:
    case Sector::kWholesale:
    case Sector::kService2000:
      return 2e7;
    case Sector::kService1000:
      return 1e7;
    case Sector::kRetail:
    case Sector::kService500:
      return 5e6;
    case Sector::kLodging:
    case Sector::kCatering:
      return 2e6;
    case Sector::kConstruction:
    case Sector::kRealEstate:
    case Sector::kAgriculture:
      return 0;
  }
  return 0;
}

class FirmWriter {
 public:
  FirmWriter(const PopulationOptions& o, uint64_t index, BadKind bad, GeneratedFirm* out)
      : o_(o),
        index_(index),
        rng_(o.seed, index, kStreamMain),
        miss_(o.seed, index, kStreamMissing),
        badr_(o.seed, index, kStreamBad),
        ext_(o.seed, index, kStreamExtra),
        bad_(bad),
        out_(out),
        s_(&out->json) {}

  void Write();

 private:
  // Whether to write an optional field (false about missing_share of the
  // time); the field a bad file corrupts is always written.
  bool Keep(std::string_view field) {
    bool keep = miss_.Uniform() >= o_.missing_share;
    return keep || field == forced_;
  }
  void Key(std::string_view key) {
    s_->append(first_ ? (o_.one_line ? "" : "\n  ") : (o_.one_line ? ", " : ",\n  "));
    first_ = false;
    s_->push_back('"');
    s_->append(key);
    s_->append("\": ");
  }
  void Str(std::string_view v) {
    s_->push_back('"');
    s_->append(v);
    s_->push_back('"');
  }
  void Bool(bool b) { s_->append(b ? "true" : "false"); }

  void KeyStr(std::string_view key, std::string_view v) {
    if (!Keep(key)) return;
    Key(key);
    Str(v);
  }
  void KeyBool(std::string_view key, bool b) {
    if (!Keep(key)) return;
    Key(key);
    if (bad_ == BadKind::kStringForBool && key == forced_) {
      Str(b ? "是" : "否");
    } else {
      Bool(b);
    }
  }
  void KeyInt(std::string_view key, int64_t v) {
    if (!Keep(key)) return;
    Key(key);
    AppendInt(s_, v);
  }
  void KeyMoney(std::string_view key, int64_t v) {
    if (!Keep(key)) return;
    Key(key);
    if (bad_ == BadKind::kObjectForMoney && key == forced_) {
      s_->append("{\"amount\": ");
      AppendInt(s_, v);
      s_->append(", \"currency\": \"CNY\"}");
    } else if (v % 100 == 0 && rng_.Chance(0.03)) {
      // Some source systems export amounts as decimal strings.
      s_->push_back('"');
      AppendInt(s_, v);
      s_->append(".00\"");
    } else {
      AppendInt(s_, v);
    }
  }
  void KeyDate(std::string_view key, const Date& d) {
    if (!Keep(key)) return;
    Key(key);
    s_->push_back('"');
    AppendDate(s_, d);
    s_->push_back('"');
  }
  // A yearly series of whole numbers over the years the firm has data for.
  void KeySeries(std::string_view key, const std::array<int64_t, kYears>& v) {
    if (!Keep(key)) return;
    Key(key);
    s_->push_back('{');
    bool first = true;
    for (int y = first_data_year_; y <= kLastYear; ++y) {
      if (!first) s_->append(", ");
      first = false;
      s_->push_back('"');
      AppendInt(s_, y);
      s_->append("\": ");
      int64_t value = v[static_cast<size_t>(y - kFirstYear)];
      if (bad_ == BadKind::kNegativeCount && key == forced_ && y == kLastYear) {
        value = -std::max<int64_t>(1, value);
      }
      AppendInt(s_, value);
    }
    s_->push_back('}');
  }
  void KeyFractionSeries(std::string_view key, const std::array<double, kYears>& v) {
    if (!Keep(key)) return;
    Key(key);
    s_->push_back('{');
    for (int y = first_data_year_; y <= kLastYear; ++y) {
      if (y != first_data_year_) s_->append(", ");
      s_->push_back('"');
      AppendInt(s_, y);
      s_->append("\": ");
      AppendFraction(s_, v[static_cast<size_t>(y - kFirstYear)]);
    }
    s_->push_back('}');
  }
  // A yearly series over [from, to], value f(year); nothing if from > to.
  template <typename F>
  void KeyYears(std::string_view key, int from, int to, F f) {
    if (from > to || !Keep(key)) return;
    Key(key);
    s_->push_back('{');
    for (int y = from; y <= to; ++y) {
      if (y != from) s_->append(", ");
      s_->push_back('"');
      AppendInt(s_, y);
      s_->append("\": ");
      AppendInt(s_, f(y));
    }
    s_->push_back('}');
  }
  int64_t At(const std::array<int64_t, kYears>& a, int y) const {
    return y < first_data_year_ || y > kLastYear ? 0 : a[static_cast<size_t>(y - kFirstYear)];
  }
  template <typename F>
  std::array<int64_t, kYears> Per(F f) {
    std::array<int64_t, kYears> a{};
    for (int y = first_data_year_; y <= kLastYear; ++y)
      a[static_cast<size_t>(y - kFirstYear)] = f(y);
    return a;
  }
  double Rev(int year) const { return revenue_[static_cast<size_t>(year - kFirstYear)]; }
  int64_t Emp(int year) const { return employees_[static_cast<size_t>(year - kFirstYear)]; }

  // Foreign or Hong Kong/Macao/Taiwan investment (外商投资, 港澳台投资).
  bool ForeignInvested() const {
    const std::string_view own = ownership_;
    return own == "外商投资" || own == "港澳台投资";
  }
  std::string PersonName() {
    std::string n = rng_.Pick(kSurnames);
    n += rng_.Pick(kGivenChars);
    if (rng_.Chance(0.7)) n += rng_.Pick(kGivenChars);
    return n;
  }
  std::string Address() {
    std::string a = "广东省东莞市";
    a += town_;
    a += rng_.Pick(kRoads);
    AppendInt(&a, rng_.Int(1, 999));
    a += "号";
    if (rng_.Chance(0.4)) {
      AppendInt(&a, rng_.Int(1, 12));
      a += "栋";
    }
    return a;
  }

  void Model();
  void Emit();
  void EmitTitles();
  void EmitPenalties();
  void EmitBenefits();
  void EmitProjects();
  void EmitLoans();
  void EmitMore();
  void EmitExhibitions();
  void EmitStandards();
  void EmitInvestors();
  void EmitListingFees();
  void EmitChipDesigns();
  void Corrupt();

  const PopulationOptions& o_;
  uint64_t index_;
  Rng rng_;
  Rng miss_;
  Rng badr_;
  Rng ext_;
  BadKind bad_;
  GeneratedFirm* out_;
  std::string* s_;
  bool first_ = true;
  std::string forced_;  // the field a bad file corrupts

  // The model.
  Entity entity_ = Entity::kFirm;
  const Industry* ind_ = nullptr;
  const char* town_ = "";
  Date established_;
  int first_data_year_ = kFirstYear;
  std::array<double, kYears> revenue_{};
  std::array<int64_t, kYears> employees_{};
  const char* ownership_ = "私营";
  bool active_ = true;
  bool industrial_ = false;
  bool high_tech_ = false;
  bool has_rd_ = false;
  double rd_floor_ = 0;  // minimum R&D ratio (high-tech)
  std::array<double, kYears> rd_ratio_{};
  bool exporter_ = false;
  double size_ = 0;  // revenue in the last year

  // What Emit wrote, for EmitMore (which fills in the fields not written).
  std::array<int64_t, kYears> profit_{};
  std::array<int64_t, kYears> export_{};
  std::array<int64_t, kYears> import_{};
  bool wrote_layoffs_ = false;
  bool wrote_graduates_ = false;
  bool wrote_site_ = false;
  bool wrote_loans_ = false;
  bool wrote_financings_ = false;
  std::string_view listing_ = "未上市";  // listing_status as written
  Date listing_since_;  // listing date, or tutoring filing date on the way to one
  bool digital_candidate_ = false;
  bool has_patents_ = false;
  int64_t tech_last_ = 0;
  double equipment_ratio_ = 0;
};

void FirmWriter::Write() {
  s_->clear();
  out_->index = index_;
  out_->bad = bad_;
  out_->bad_field.clear();
  switch (bad_) {
    case BadKind::kNone:
    case BadKind::kTruncated:
      break;
    case BadKind::kStringForBool: {
      static constexpr const char* kFields[] = {"independent_legal_person", "general_taxpayer",
                                                "abnormal_operation"};
      forced_ = badr_.Pick(kFields);
      break;
    }
    case BadKind::kObjectForMoney: {
      static constexpr const char* kFields[] = {"registered_capital", "paid_in_capital"};
      forced_ = badr_.Pick(kFields);
      break;
    }
    case BadKind::kUsccCheckChar:
      forced_ = "uscc";
      break;
    case BadKind::kInvalidDate:
      forced_ = badr_.Chance(0.5) ? "established_date" : "approval_date";
      break;
    case BadKind::kNegativeCount:
      forced_ = "employees";
      break;
    case BadKind::kUnknownEnum: {
      static constexpr const char* kFields[] = {"town", "registration_status", "entity_type"};
      forced_ = badr_.Pick(kFields);
      break;
    }
  }
  Model();
  Emit();
  Corrupt();
}

void FirmWriter::Model() {
  double e = rng_.Uniform();
  entity_ = e < 0.86    ? Entity::kFirm
            : e < 0.955 ? Entity::kIndividual
            : e < 0.99  ? Entity::kBranch
                        : Entity::kCooperative;
  town_ = PickWeighted(rng_, kTowns).name;
  ind_ = &PickWeighted(rng_, kIndustries);
  if (entity_ == Entity::kCooperative)
    ind_ = rng_.Chance(0.5) ? &kIndustries[sizeof kIndustries / sizeof kIndustries[0] - 1]
                            : &kIndustries[sizeof kIndustries / sizeof kIndustries[0] - 2];
  industrial_ = ind_->sector == Sector::kIndustry;

  // Age: mostly young firms, some from the 1990s.
  int age = std::min(34, static_cast<int>(rng_.Exponential(8.0)));
  established_ = RandomDate(rng_, kLastYear - age);
  first_data_year_ = std::max(kFirstYear, established_.y);
  if (first_data_year_ == kFirstYear && established_.y < kFirstYear && rng_.Chance(0.55)) {
    first_data_year_ = kFirstYear + 1;  // two years of financials for most, three for some
  }

  double o = rng_.Uniform();
  if (entity_ == Entity::kFirm) {
    ownership_ = o < 0.80   ? "私营"
                 : o < 0.88 ? "港澳台投资"
                 : o < 0.93 ? "外商投资"
                 : o < 0.97 ? "股份制"
                 : o < 0.98 ? "国有"
                 : o < 0.99 ? "集体"
                            : "其他";
  } else {
    ownership_ = entity_ == Entity::kCooperative ? "集体" : "私营";
  }

  // Revenue: log-normal around the industry's median; foreign-invested and
  // older firms are larger, individual businesses much smaller.
  double median = ind_->median_wan * 1e4;
  double sigma = ind_->sigma;
  if (ForeignInvested())
    median *= 2.5;
  if (std::string_view(ownership_) == "股份制" || std::string_view(ownership_) == "国有")
    median *= 3;
  median *= 0.6 + 0.04 * std::min(age, 20);
  if (entity_ == Entity::kIndividual) {
    median *= 0.12;
    sigma = 1.0;
  }
  if (entity_ == Entity::kBranch) median *= 0.5;
  double last = median * std::exp(sigma * rng_.Normal());
  if (entity_ == Entity::kIndividual) last = std::min(last, 1.2e7);
  last = std::max(last, 2e4);
  revenue_[kYears - 1] = last;
  for (int y = kLastYear - 1; y >= first_data_year_; --y) {
    double growth = std::exp(0.04 + 0.18 * rng_.Normal());
    revenue_[static_cast<size_t>(y - kFirstYear)] =
        revenue_[static_cast<size_t>(y + 1 - kFirstYear)] / growth;
  }
  // The year a firm was set up is a part year.
  if (established_.y >= first_data_year_) {
    revenue_[static_cast<size_t>(established_.y - kFirstYear)] *= (13 - established_.m) / 12.0;
  }
  size_ = last;

  double rpe = ind_->rpe_wan * 1e4 * std::exp(0.35 * rng_.Normal());
  for (int y = first_data_year_; y <= kLastYear; ++y) {
    double emp = Rev(y) / rpe;
    if (entity_ == Entity::kIndividual) emp = std::min(emp, 12.0);
    employees_[static_cast<size_t>(y - kFirstYear)] = std::max<int64_t>(1, std::llround(emp));
  }

  // High-tech title and R&D. Title odds grow with size; high-tech firms meet
  // the 高企 R&D floors (5% up to 5000万, 4% up to 2亿, 3% above).
  if (entity_ == Entity::kFirm) {
    double size_factor = size_ < 3e6 ? 0.15 : size_ < 2e7 ? 0.6 : size_ < 2e8 ? 1.3 : 1.7;
    high_tech_ = age >= 1 && rng_.Chance(std::min(0.9, ind_->high_tech * size_factor));
  }
  if (high_tech_) {
    has_rd_ = true;
    rd_floor_ = size_ <= 5e7 ? 0.05 : size_ <= 2e8 ? 0.04 : 0.03;
    for (int y = first_data_year_; y <= kLastYear; ++y) {
      rd_ratio_[static_cast<size_t>(y - kFirstYear)] =
          std::min(0.25, rd_floor_ + 0.002 + rng_.Exponential(0.015));
    }
  } else if (entity_ == Entity::kFirm && rng_.Chance(industrial_              ? 0.4
                                                     : ind_->high_tech >= 0.1 ? 0.3
                                                                              : 0.02)) {
    has_rd_ = true;
    double base = rng_.Uniform(0.002, 0.03);
    for (int y = first_data_year_; y <= kLastYear; ++y) {
      rd_ratio_[static_cast<size_t>(y - kFirstYear)] = base * rng_.Uniform(0.7, 1.3);
    }
  }
  exporter_ = rng_.Chance(ind_->export_share * (entity_ == Entity::kIndividual ? 0.2 : 1.0));

  double st = rng_.Uniform();
  active_ = st < 0.96;
}

void FirmWriter::Emit() {
  s_->push_back('{');
  const char category = entity_ == Entity::kIndividual    ? '2'
                        : entity_ == Entity::kCooperative ? '3'
                                                          : '1';
  std::string uscc = MakeUscc(category, index_, o_.seed, established_.y < 2015);
  Key("uscc");
  Str(uscc);

  // Name.
  std::string trade;
  if (rng_.Chance(0.6)) {
    trade = rng_.Pick(kTradeNames);
  } else {
    trade = rng_.Pick(kNameChars);
    trade += rng_.Pick(kNameChars);
  }
  std::string name;
  switch (entity_) {
    case Entity::kFirm: {
      bool foreign = ForeignInvested();
      name = foreign ? trade + ind_->word + "（东莞）有限公司" : "东莞市" + trade + ind_->word;
      if (!foreign) name += std::string_view(ownership_) == "股份制" ? "股份有限公司" : "有限公司";
      break;
    }
    case Entity::kIndividual: {
      name = "东莞市" + std::string(TownStem(town_)) + trade + ind_->word +
             (industrial_ ? "加工厂" : "店");
      break;
    }
    case Entity::kBranch:
      name = std::string(rng_.Pick(kCities)) + trade + ind_->word + "有限公司东莞分公司";
      break;
    case Entity::kCooperative:
      name = "东莞市" + trade + ind_->word + "专业合作社";
      break;
  }
  Key("name");
  Str(name);

  // Registration.
  const char* status;
  if (bad_ == BadKind::kUnknownEnum && forced_ == "registration_status") {
    static constexpr const char* kBadStatus[] = {"正常", "开业", "营业中", "已注销"};
    status = badr_.Pick(kBadStatus);
  } else if (active_) {
    status = rng_.Chance(0.5) ? "存续" : "在业";
  } else {
    static constexpr const char* kInactive[] = {"注销", "吊销", "迁出", "停业", "清算"};
    status = rng_.Pick(kInactive);
  }
  KeyStr("registration_status", status);
  const char* entity_names[] = {"企业", "个体工商户", "分公司", "农民专业合作社"};
  const char* entity_name = entity_names[static_cast<int>(entity_)];
  if (bad_ == BadKind::kUnknownEnum && forced_ == "entity_type") {
    static constexpr const char* kBadEntity[] = {"有限责任公司", "个体户", "股份公司"};
    entity_name = badr_.Pick(kBadEntity);
  }
  KeyStr("entity_type", entity_name);
  if (entity_ == Entity::kFirm) {
    bool converted = established_.y >= 2015 && rng_.Chance(0.03);
    KeyStr("converted_from", converted ? (rng_.Chance(0.8) ? "个体工商户" : "分公司") : "未转型");
    if (converted) KeyDate("conversion_date", established_);
  }
  KeyStr("ownership", ownership_);
  if (entity_ == Entity::kFirm) {
    std::string_view own = ownership_;
    const char* control = own == "港澳台投资" ? "港澳台商控股"
                          : own == "外商投资" ? "外商控股"
                          : own == "国有"     ? "国有控股"
                          : own == "集体"     ? "集体控股"
                          : own == "其他"     ? "其他"
                                              : "私人控股";
    KeyStr("controlling_interest", control);
  }
  bool local = !rng_.Chance(0.015);
  KeyStr("registered_city", local ? "东莞市" : rng_.Pick(kCities));
  KeyStr("tax_registered_city", local || rng_.Chance(0.5) ? "东莞市" : "深圳市");
  if (bad_ == BadKind::kUnknownEnum && forced_ == "town") {
    static constexpr const char* kBadTowns[] = {"长安街道", "东莞市", "松山湖高新区", "虎门",
                                                "南城区"};
    KeyStr("town", badr_.Pick(kBadTowns));
  } else {
    KeyStr("town", town_);
  }
  std::string address = Address();
  KeyStr("registered_address", address);
  KeyStr("business_address", rng_.Chance(0.8) ? address : Address());
  KeyBool("independent_legal_person", entity_ == Entity::kFirm || entity_ == Entity::kCooperative);
  KeyDate("established_date", established_);
  if (industrial_ && entity_ == Entity::kFirm && established_.y >= 2019 && rng_.Chance(0.5)) {
    KeyDate("production_start_date", AddMonths(established_, rng_.Int(2, 14)));
  }
  Date approval = established_;
  if (rng_.Chance(0.6)) {
    int from = std::max(established_.y, 2016);
    if (from <= 2024) approval = RandomDate(rng_, rng_.Int(from, 2024));
    if (approval.Days() < established_.Days()) approval = established_;
  }
  KeyDate("approval_date", approval);

  double capital_wan = std::max(3.0, size_ / 1e4 * rng_.LogNormal(-1.2, 0.8));
  capital_wan = capital_wan < 100 ? std::round(capital_wan) : std::round(capital_wan / 10) * 10;
  if (entity_ != Entity::kIndividual || bad_ == BadKind::kObjectForMoney) {
    int64_t capital = static_cast<int64_t>(capital_wan) * 10000;
    KeyMoney("registered_capital", capital);
    double paid = rng_.Chance(0.35) ? 0 : rng_.Chance(0.5) ? 1.0 : rng_.Uniform(0.1, 1.0);
    KeyMoney("paid_in_capital", Yuan100(static_cast<double>(capital) * paid));
  }
  KeyStr("legal_representative", PersonName());
  KeyStr("registration_authority", "东莞市市场监督管理局");
  KeyStr("business_scope", ind_->scope);
  KeyBool("sound_financial_system",
          entity_ != Entity::kIndividual ? rng_.Chance(0.96) : rng_.Chance(0.4));
  KeyBool("three_in_one", entity_ == Entity::kBranch ? rng_.Chance(0.3) : rng_.Chance(0.93));
  KeyBool("general_taxpayer", size_ >= 5e6 || rng_.Chance(0.25));
  if (entity_ == Entity::kFirm && rng_.Chance(0.3)) {
    if (Keep("park_tax_share")) {
      Key("park_tax_share");
      AppendFraction(s_, rng_.Chance(0.85) ? 1.0 : rng_.Uniform(0.2, 0.95));
    }
  }
  KeyStr("cit_collection", entity_ == Entity::kIndividual || (size_ < 1e6 && rng_.Chance(0.3))
                               ? "核定征收"
                               : "查账征收");

  // Industry and statistical libraries.
  KeyStr("industry_code", ind_->code);
  bool emerging = high_tech_ ? rng_.Chance(0.6) : industrial_ && rng_.Chance(0.05);
  KeyBool("strategic_emerging", emerging);

  // The first year revenue met the threshold, if any year did.
  double threshold = Threshold(ind_->sector);
  int crossed = 0;
  for (int y = first_data_year_; y <= kLastYear; ++y) {
    if (threshold > 0 && Rev(y) >= threshold) {
      crossed = y;
      break;
    }
  }
  bool member = threshold > 0 && (Rev(kLastYear) >= threshold || Rev(kLastYear - 1) >= threshold);
  int entry_year = crossed;
  if (member && crossed == first_data_year_ && established_.y < crossed) {
    entry_year = rng_.Int(std::max(2011, established_.y + 1), crossed);
  }
  auto emit_library = [&](std::string_view flag, std::string_view year_field, bool applies) {
    if (!applies) return;
    KeyBool(flag, member);
    if (member) KeyInt(year_field, entry_year);
  };
  Sector sec = ind_->sector;
  emit_library("above_scale_industrial", "above_scale_entry_year", sec == Sector::kIndustry);
  emit_library("above_quota_trade", "above_quota_entry_year",
               sec == Sector::kWholesale || sec == Sector::kRetail || sec == Sector::kLodging ||
                   sec == Sector::kCatering);
  emit_library(
      "above_scale_service", "above_scale_service_entry_year",
      sec == Sector::kService2000 || sec == Sector::kService1000 || sec == Sector::kService500);
  if (sec == Sector::kConstruction) {
    KeyBool("qualified_construction",
            entity_ == Entity::kFirm && rng_.Chance(size_ >= 3e6 ? 0.6 : 0.15));
  }
  if (sec == Sector::kRealEstate) KeyBool("real_estate_development", entity_ == Entity::kFirm);

  // Headcount.
  KeySeries("employees", employees_);
  KeySeries("insured_employees", Per([&](int y) {
              return static_cast<int64_t>(
                  std::llround(static_cast<double>(Emp(y)) * rng_.Uniform(0.75, 1.0)));
            }));
  std::array<int64_t, kYears> tech{};
  if (has_rd_) {
    double share = high_tech_ ? rng_.Uniform(0.11, 0.35) : rng_.Uniform(0.02, 0.12);
    tech = Per([&](int y) {
      return static_cast<int64_t>(std::ceil(static_cast<double>(Emp(y)) * share));
    });
    tech_last_ = tech[kYears - 1];
    KeySeries("tech_staff", tech);
    double rd_share = rng_.Uniform(0.55, 0.95);
    KeySeries("rd_staff", Per([&](int y) {
                return static_cast<int64_t>(std::ceil(
                    static_cast<double>(tech[static_cast<size_t>(y - kFirstYear)]) * rd_share));
              }));
  }
  double assets_ratio = rng_.LogNormal(-0.2, 0.5) * (ind_->sector == Sector::kRealEstate ? 4 : 1);
  KeySeries("total_assets", Per([&](int y) { return Yuan100(Rev(y) * assets_ratio); }));

  // Finance.
  KeySeries("revenue", Per([&](int y) { return Yuan(Rev(y)); }));
  double main_share = rng_.Uniform(0.93, 1.0);
  if (industrial_ || sec == Sector::kWholesale || sec == Sector::kRetail) {
    KeySeries("main_revenue", Per([&](int y) { return Yuan(Rev(y) * main_share); }));
  }
  if (industrial_) {
    double ov = rng_.Uniform(0.95, 1.1);
    double va = rng_.Uniform(0.18, 0.3);
    KeySeries("output_value", Per([&](int y) { return Yuan100(Rev(y) * ov); }));
    KeySeries("value_added", Per([&](int y) { return Yuan100(Rev(y) * ov * va); }));
  }
  double margin = rng_.Uniform(-0.05, 0.12);
  profit_ = Per([&](int y) { return Yuan100(Rev(y) * (margin + 0.04 * rng_.Normal())); });
  KeySeries("profit", profit_);
  double tax_rate = rng_.Uniform(0.01, 0.05);
  double local_share = rng_.Uniform(0.25, 0.4);
  std::array<int64_t, kYears> tax = Per([&](int y) { return Yuan(Rev(y) * tax_rate); });
  KeySeries("tax_paid", tax);
  KeySeries(
      "local_fiscal_contribution", Per([&](int y) {
        return Yuan(static_cast<double>(tax[static_cast<size_t>(y - kFirstYear)]) * local_share);
      }));
  if (has_rd_) {
    KeySeries("rd_expense", Per([&](int y) {
                return Yuan100(Rev(y) * rd_ratio_[static_cast<size_t>(y - kFirstYear)]);
              }));
    if (rng_.Chance(0.5)) KeyFractionSeries("rd_expense_ratio", rd_ratio_);
  } else if (entity_ == Entity::kFirm && industrial_) {
    KeySeries("rd_expense", Per([](int) { return int64_t{0}; }));
  }
  if (high_tech_) {
    double share = rng_.Uniform(0.62, 0.95);
    KeySeries("high_tech_revenue", Per([&](int y) { return Yuan100(Rev(y) * share); }));
  }
  if (exporter_) {
    double share = rng_.Uniform(0.05, 0.9);
    export_ = Per([&](int y) { return Yuan100(Rev(y) * share * rng_.Uniform(0.85, 1.15)); });
    KeySeries("export_value", export_);
    if (rng_.Chance(0.4)) {
      double imp = rng_.Uniform(0.02, 0.3);
      import_ = Per([&](int y) { return Yuan100(Rev(y) * imp); });
      KeySeries("import_value", import_);
    }
    KeyStr("forex_list_category", rng_.Chance(0.98) ? "A" : rng_.Chance(0.75) ? "B" : "C");
    if (rng_.Chance(0.3)) {
      KeySeries("export_credit_insurance_premium",
                Per([&](int y) { return Yuan100(Rev(y) * share * rng_.Uniform(0.001, 0.003)); }));
    }
  }
  if (size_ >= 5e6 || rng_.Chance(0.3)) {
    double vat = industrial_ || sec == Sector::kWholesale || sec == Sector::kRetail ? 1.13
                 : sec == Sector::kConstruction || sec == Sector::kRealEstate       ? 1.09
                                                                                    : 1.06;
    KeySeries("sales_incl_tax", Per([&](int y) { return Yuan(Rev(y) * vat); }));
  }
  bool has_projects =
      entity_ == Entity::kFirm && industrial_ && rng_.Chance(size_ >= 2e7 ? 0.25 : 0.05);
  if (industrial_) {
    double eq = rng_.Uniform(0.005, 0.06);
    equipment_ratio_ = eq;
    KeySeries("equipment_purchase",
              Per([&](int y) { return Yuan100(Rev(y) * eq * rng_.Uniform(0.3, 1.7)); }));
    if (has_projects) {
      double tr = rng_.Uniform(0.03, 0.2);
      KeySeries("tech_renovation_investment",
                Per([&](int y) { return Yuan100(Rev(y) * tr * rng_.Uniform(0.2, 1.5)); }));
    }
  }
  if (ForeignInvested()) {
    if (rng_.Chance(0.15)) {
      double usd = rng_.LogNormal(std::log(2e6), 1.2);
      std::array<int64_t, kYears> usd_by_year = Per([&](int) { return Yuan100(usd * rng_.Uniform(0.3, 1.2)); });
      KeySeries("actual_foreign_investment_usd", usd_by_year);
      // The same inflow in yuan at the year's average USD/CNY rate (MOFCOM
      // statistics report both).
      KeySeries("actual_foreign_investment", Per([&](int y) {
                  const double rate = y <= 2022 ? 6.73 : y == 2023 ? 7.05 : 7.12;
                  return Yuan100(static_cast<double>(At(usd_by_year, y)) * rate);
                }));
    }
  }
  if (sec == Sector::kRetail && std::string_view(ind_->code) == "F5292") {
    if (rng_.Chance(0.3)) {
      wrote_site_ = true;
      KeyBool("independent_site", true);
      std::array<int64_t, kYears> usd =
          Per([&](int y) { return Yuan100(Rev(y) / 7.1 * rng_.Uniform(0.3, 0.9)); });
      // Back to 2021 (the year the 独立站 policies look at) where the firm existed.
      KeyYears("cross_border_ecommerce_usd", std::max(2021, established_.y), kLastYear, [&](int y) {
        return y >= first_data_year_ ? At(usd, y)
                                     : Yuan100(static_cast<double>(At(usd, first_data_year_)) *
                                               ext_.Uniform(0.6, 1.0));
      });
    }
  }

  // Social insurance and hiring.
  int months = std::max(0, (2025 - established_.y) * 12 - established_.m);
  KeyInt("unemployment_insurance_months", static_cast<int64_t>(months * rng_.Uniform(0.7, 1.0)));
  double per_head = rng_.Uniform(300, 500);
  KeySeries("unemployment_insurance_paid",
            Per([&](int y) { return Yuan(static_cast<double>(Emp(y)) * 0.9 * per_head); }));
  if (size_ >= 1e7 && rng_.Chance(0.6)) {
    wrote_layoffs_ = true;
    KeySeries("layoffs", Per([&](int y) {
                return static_cast<int64_t>(static_cast<double>(Emp(y)) * rng_.Exponential(0.01));
              }));
  }
  if (size_ >= 2e7 && rng_.Chance(0.5)) {
    wrote_graduates_ = true;
    std::array<int64_t, kYears> grads = Per([&](int y) {
      return static_cast<int64_t>(static_cast<double>(Emp(y)) * rng_.Uniform(0.0, 0.06));
    });
    // 2025 so far (to mid-year; most graduates start in July).
    KeyYears("graduates_hired", first_data_year_, kLastYear + 1, [&](int y) {
      return y <= kLastYear ? At(grads, y)
                            : static_cast<int64_t>(static_cast<double>(Emp(kLastYear)) *
                                                   ext_.Uniform(0.0, 0.02));
    });
  }

  // Credit.
  if (entity_ != Entity::kCooperative && first_data_year_ <= 2023 && established_.y <= 2023) {
    auto grade = [&] {
      double g = rng_.Uniform();
      return g < 0.22 ? "A" : g < 0.78 ? "B" : g < 0.9 ? "M" : g < 0.98 ? "C" : "D";
    };
    if (Keep("tax_credit_rating")) {
      Key("tax_credit_rating");
      s_->append("{\"2023\": \"");
      s_->append(established_.y == 2023 ? "M" : grade());
      s_->append("\", \"2024\": \"");
      s_->append(grade());
      s_->append("\"}");
    }
  }
  KeyBool("serious_dishonesty", rng_.Chance(0.003));
  KeyBool("abnormal_operation", rng_.Chance(active_ ? 0.02 : 0.3));
  KeyBool("serious_illegal_list", rng_.Chance(0.002));
  KeyBool("overdue_fiscal_funds", rng_.Chance(0.002));
  KeyBool("major_tax_violation", rng_.Chance(0.001));
  KeyBool("dishonest_debtor", rng_.Chance(0.008));
  KeyBool("restricted_consumption", rng_.Chance(0.01));
  if (industrial_) {
    double g = rng_.Uniform();
    KeyStr("environment_credit", g < 0.2 ? "绿" : g < 0.9 ? "蓝" : g < 0.98 ? "黄" : "红");
    KeyBool("energy_target_met", rng_.Chance(0.97));
  }
  EmitPenalties();
  if (Keep("accidents")) {
    Key("accidents");
    if (industrial_ && rng_.Chance(0.004)) {
      s_->append("[{\"date\": \"");
      AppendDate(s_, RandomDate(rng_, rng_.Int(2020, 2025)));
      s_->append("\", \"kind\": \"");
      s_->append(rng_.Chance(0.8) ? "安全生产" : rng_.Chance(0.5) ? "质量" : "环境");
      s_->append("\", \"severity\": \"");
      s_->append(rng_.Chance(0.93) ? "一般" : "较大");
      s_->append("\"}]");
    } else {
      s_->append("[]");
    }
  }

  // Titles, IP, capital market.
  EmitTitles();
  if (has_rd_ || rng_.Chance(0.1)) {
    has_patents_ = true;
    double scale = std::max(1.0, std::log10(std::max(size_, 1e5)) - 5);  // 1 at 100万, 4 at 10亿
    int64_t inventions = rng_.Chance(high_tech_ ? 0.7 : 0.2) ? 1 : 0;
    if (high_tech_) inventions += static_cast<int64_t>(rng_.Exponential(3 * scale * scale));
    KeyInt("invention_patents", inventions);
    KeyInt("utility_patents",
           static_cast<int64_t>(rng_.Exponential((high_tech_ ? 12 : 3) * scale * scale)));
    KeyInt("design_patents", static_cast<int64_t>(rng_.Exponential(2 * scale)));
    if (sec == Sector::kService2000 || high_tech_) {
      KeyInt("software_copyrights", static_cast<int64_t>(rng_.Exponential(high_tech_ ? 8.0 : 2.0)));
    }
    KeyBool("ip_management_certified", high_tech_ && rng_.Chance(0.3));
  }
  if (entity_ == Entity::kFirm) KeyInt("trademarks", static_cast<int64_t>(rng_.Exponential(1.5)));

  if (entity_ == Entity::kFirm) {
    const char* listing = "未上市";
    double l = rng_.Uniform();
    if (size_ >= 5e8 && l < 0.2) {
      listing = "已上市";
    } else if (size_ >= 2e8 && l < 0.06) {
      listing = l < 0.02 ? "辅导备案" : l < 0.03 ? "申报受理" : "上市后备";
    } else if (size_ >= 3e7 && l < 0.015) {
      listing = l < 0.01 ? "新三板基础层" : "新三板创新层";
    }
    KeyStr("listing_status", listing);
    std::string_view ls = listing;
    listing_ = ls;
    if (ls == "已上市") {
      static constexpr const char* kBoards[] = {"主板", "创业板", "科创板", "北交所", "港股"};
      const char* board = rng_.Pick(kBoards);
      KeyStr("listing_board", board);
      std::string code = std::string_view(board) == "主板"     ? "60"
                         : std::string_view(board) == "创业板" ? "30"
                         : std::string_view(board) == "科创板" ? "68"
                         : std::string_view(board) == "北交所" ? "83"
                                                               : "0";
      AppendPadded(&code, static_cast<uint64_t>(rng_.Int(0, 9999)),
                   std::string_view(board) == "港股" ? 3 : 4);
      KeyStr("stock_code", code);
      Date listed =
          RandomDate(rng_, rng_.Int(std::min(2024, std::max(2005, established_.y + 3)), 2024));
      KeyDate("shareholding_reform_date", AddMonths(listed, -rng_.Int(18, 40)));
      KeyDate("listing_date", listed);
      listing_since_ = listed;
      KeyMoney("ipo_funds_raised", Yuan100(size_ * rng_.Uniform(0.2, 1.0)));
    } else if (ls == "辅导备案" || ls == "申报受理") {
      Date filed = RandomDate(rng_, rng_.Int(2022, 2024));
      KeyDate("shareholding_reform_date", AddMonths(filed, -rng_.Int(6, 24)));
      KeyDate("tutoring_filing_date", filed);
      listing_since_ = filed;
      if (ls == "申报受理") KeyDate("ipo_acceptance_date", AddMonths(filed, rng_.Int(4, 12)));
    } else if (ls == "新三板基础层" || ls == "新三板创新层") {
      KeyDate("listing_date", RandomDate(rng_, rng_.Int(2014, 2017)));
    }
  }
  if (entity_ == Entity::kFirm && size_ >= 3e7 && rng_.Chance(0.05)) {
    wrote_financings_ = true;
    Key("financings");
    s_->append("[{\"date\": \"");
    AppendDate(s_, RandomDate(rng_, rng_.Int(2021, 2024)));
    s_->append("\", \"amount\": ");
    AppendInt(s_, Yuan100(size_ * rng_.Uniform(0.05, 0.5)));
    s_->append(", \"kind\": \"股权融资\", \"investor\": \"");
    s_->append(rng_.Pick(kCities));
    s_->append(rng_.Pick(kTradeNames));
    s_->append("创业投资合伙企业（有限合伙）\"}]");
  }
  EmitLoans();
  EmitBenefits();
  EmitProjects();
  if (industrial_ && entity_ == Entity::kFirm && rng_.Chance(0.04)) {
    digital_candidate_ = true;
    KeyBool("digital_candidate", true);
    static constexpr const char* kLevels[] = {"一级", "二级", "二级", "三级", "四级"};
    if (rng_.Chance(0.5)) KeyStr("digital_level", rng_.Pick(kLevels));
    KeyBool("digital_platform_registered", rng_.Chance(0.7));
    double d = rng_.Uniform(0.002, 0.02);
    std::array<int64_t, kYears> dig = Per([&](int y) { return Yuan100(Rev(y) * d); });
    // 2025 so far: the 2024–2025 改造 accounting period.
    KeyYears("digital_investment", first_data_year_, kLastYear + 1, [&](int y) {
      return y <= kLastYear ? At(dig, y) : Yuan100(Rev(kLastYear) * d * ext_.Uniform(0.2, 0.6));
    });
  }
  EmitMore();
  s_->append(o_.one_line ? "}" : "\n}");
}

// Fields that Emit leaves out for most firms (hiring, trade, 商务, 数字化,
// standards …): written here, after everything else, so that the draws of the
// fields above stay as they were.
void FirmWriter::EmitMore() {
  const Sector sec = ind_->sector;
  const bool firm = entity_ == Entity::kFirm;
  const bool store = sec == Sector::kRetail || sec == Sector::kCatering || sec == Sector::kLodging;
  const double emp_now = static_cast<double>(Emp(kLastYear));
  auto emp = [&](int y) { return static_cast<double>(y > kLastYear ? Emp(kLastYear) : Emp(y)); };

  // Hiring, from the social-insurance records; 2025 is the year so far.
  if (!wrote_graduates_) {
    KeyYears("graduates_hired", first_data_year_, kLastYear + 1, [&](int y) {
      return rng_.Poisson(emp(y) * (y > kLastYear ? 0.006 : 0.012));
    });
  }
  KeyYears("unemployed_youth_hired", first_data_year_, kLastYear + 1, [&](int y) {
    return rng_.Poisson(emp(y) * (y > kLastYear ? 0.003 : 0.005));
  });
  if (!wrote_layoffs_) {
    KeySeries("layoffs", Per([&](int y) {
                return static_cast<int64_t>(emp(y) * rng_.Exponential(0.008));
              }));
  }

  // Foreign trade: customs figures are 0 for firms that do not trade.
  const int64_t zero = 0;
  bool traded = exporter_;
  if (entity_ != Entity::kIndividual) {
    if (!exporter_) {
      KeySeries("export_value", Per([&](int) { return zero; }));
      double p = sec == Sector::kWholesale ? 0.12 : industrial_ ? 0.05 : 0.01;
      if (rng_.Chance(p)) {
        traded = true;
        double imp = rng_.Uniform(0.05, 0.4);
        import_ = Per([&](int y) { return Yuan100(Rev(y) * imp); });
        KeySeries("import_value", import_);
        KeyStr("forex_list_category", rng_.Chance(0.98) ? "A" : "B");
      } else {
        KeySeries("import_value", Per([&](int) { return zero; }));
      }
    } else if (At(import_, kLastYear) == 0) {
      KeySeries("import_value", Per([&](int) { return zero; }));
    }
    if (traded) {
      double p = size_ >= 2e8 ? 0.35 : size_ >= 2e7 ? 0.2 : 0.08;
      double ratio = rng_.Chance(p) ? rng_.Uniform(0.0005, 0.003) : 0;
      KeySeries("fx_hedging_cost", Per([&](int y) {
                  return Yuan100(static_cast<double>(At(export_, y) + At(import_, y)) * ratio);
                }));
    }
  }

  // Cross-border e-commerce (独立站), back to 2021.
  const int from2021 = std::max(2021, established_.y);
  if (!wrote_site_ && entity_ != Entity::kBranch && entity_ != Entity::kCooperative) {
    bool site = exporter_ && firm && rng_.Chance(0.05);
    KeyBool("independent_site", site);
    if (site) {
      double usd = rng_.Uniform(0.1, 0.5) / 7.1;
      KeyYears("cross_border_ecommerce_usd", from2021, kLastYear, [&](int y) {
        int64_t base = y >= first_data_year_ ? At(export_, y) : At(export_, first_data_year_);
        return Yuan100(static_cast<double>(base) * usd * rng_.Uniform(0.8, 1.2));
      });
    }
  }
  if (firm) {
    bool provider = (sec == Sector::kService2000 || sec == Sector::kService1000) &&
                    rng_.Chance(0.03);
    int clients = provider ? rng_.Int(3, 60) : 0;
    KeyYears("independent_site_clients", from2021, kLastYear, [&](int) {
      return provider ? std::max<int64_t>(0, clients + rng_.Int(-3, 6)) : int64_t{0};
    });
  }
  if (firm || entity_ == Entity::kBranch) EmitExhibitions();

  // 首店 (retail, catering, hotels).
  {
    double q = store ? rng_.Uniform() : 1.0;
    const char* first = q < 0.015 ? "首店" : q < 0.02 ? "首发首秀" : "无";
    KeyStr("first_store_qualification", first);
    if (std::string_view(first) != "无") KeyInt("first_store_year", rng_.Int(2019, 2024));
    if (store) {
      double area = std::clamp(rng_.LogNormal(std::log(120.0), 1.0), 10.0, 30000.0);
      if (firm && size_ >= 5e7) area *= 4;
      KeyInt("largest_store_area", std::llround(area));
    }
  }

  // Taxable income (enterprise income tax): near the accounting profit.
  if (entity_ != Entity::kIndividual) {
    double adj = rng_.Uniform(0.85, 1.1);
    KeySeries("taxable_income", Per([&](int y) {
                return Yuan100(static_cast<double>(At(profit_, y)) * adj);
              }));
  }

  if (firm) {
    EmitStandards();
    if (!digital_candidate_) KeyBool("digital_candidate", false);
    bool it = sec == Sector::kService2000;
    KeyBool("digital_leading_unit", it && rng_.Chance(high_tech_ ? 0.1 : 0.01));
    if (!wrote_loans_ && Keep("loans")) {
      Key("loans");
      s_->append("[]");
    }
    if (!wrote_financings_ && Keep("financings")) {
      Key("financings");
      s_->append("[]");
    }
    if (industrial_) {
      double fa = equipment_ratio_ * rng_.Uniform(1.1, 1.8);
      KeySeries("fixed_asset_investment",
                Per([&](int y) { return Yuan100(Rev(y) * fa * rng_.Uniform(0.5, 1.5)); }));
    }
  }
  if (has_rd_) {
    double area = static_cast<double>(tech_last_) * rng_.Uniform(6, 15) + rng_.Uniform(30, 300);
    KeyInt("rd_site_area", std::llround(std::max(area, emp_now > 0 ? 20.0 : 0.0)));
  }
  if (has_patents_) KeyBool("ip_clear", rng_.Chance(0.98));
  // Drawn last, so that adding them left every earlier field as it was.
  if (firm) {
    EmitListingFees();
    EmitChipDesigns();
    EmitInvestors();
  }
}

// What only firms on the way to (or just past) a listing have: the
// intermediaries' fees they paid (known from their filings, so often absent).
void FirmWriter::EmitListingFees() {
  const bool on_track = listing_ == "辅导备案" || listing_ == "申报受理" ||
                        (listing_ == "已上市" && listing_since_.y >= 2019);
  if (on_track && rng_.Chance(0.45)) {
    KeyMoney("listing_intermediary_fees", Yuan100(rng_.Uniform(3e6, 1.5e7)));
  }
}

// Layout-design rights: chip makers, and a few high-tech electronics firms.
void FirmWriter::EmitChipDesigns() {
  if (std::string_view(ind_->code) == "C3973" || (high_tech_ && ind_->sector == Sector::kIndustry &&
                                                  std::string_view(ind_->code).substr(0, 3) == "C39" &&
                                                  rng_.Chance(0.1))) {
    KeyInt("ic_layout_designs", static_cast<int64_t>(rng_.Exponential(high_tech_ ? 4.0 : 1.0)));
  }
}

// The direct shareholders: a foreign or Hong Kong/Macao/Taiwan parent for
// foreign-invested firms (now and then a Fortune Global 500 group), a
// corporate parent for a few larger private and state firms (listed or a
// headquarters elsewhere), otherwise one to three natural persons.
void FirmWriter::EmitInvestors() {
  if (!Keep("investors")) return;
  Key("investors");
  s_->push_back('[');
  bool first = true;
  auto investor = [&](const std::string& name, double share, std::string_view city, bool global500,
                      bool a_share, bool hq) {
    s_->append(first ? "{\"name\": \"" : ", {\"name\": \"");
    first = false;
    s_->append(name);
    s_->append("\", \"share\": ");
    AppendFraction(s_, share);
    s_->append(", \"city\": \"");
    s_->append(city);
    s_->append("\", \"fortune_global_500\": ");
    Bool(global500);
    s_->append(", \"a_share_listed\": ");
    Bool(a_share);
    s_->append(", \"headquarters\": ");
    Bool(hq);
    s_->push_back('}');
  };
  const std::string_view own = ownership_;
  double rest = 1.0;
  if (ForeignInvested()) {
    static constexpr const char* kForeign[] = {"新加坡", "日本", "德国", "美国", "韩国", "英属维尔京群岛"};
    static constexpr const char* kNearby[] = {"香港", "香港", "香港", "台湾", "澳门"};
    const char* where = own == "港澳台投资" || rng_.Chance(0.4) ? rng_.Pick(kNearby) : rng_.Pick(kForeign);
    const double share = rng_.Chance(0.6) ? 1.0 : rng_.Uniform(0.51, 0.95);
    const bool global500 = rng_.Chance(size_ >= 5e7 ? 0.08 : 0.01);
    investor(std::string(rng_.Pick(kTradeNames)) + (global500 ? "国际集团（" : "实业（") + where + "）有限公司", share,
             where, global500, false, false);
    rest -= share;
  } else if (size_ >= 2e7 && rng_.Chance(own == "国有" ? 0.8 : 0.12)) {
    const char* where = own == "国有" ? "东莞市" : rng_.Pick(kCities);
    const double share = rng_.Chance(0.5) ? 1.0 : rng_.Uniform(0.51, 0.9);
    const bool listed = own != "国有" && rng_.Chance(0.3);
    const bool hq = rng_.Chance(own == "国有" ? 0.5 : 0.2);
    investor(std::string(std::string_view(where) == "东莞市" ? "东莞市" : "") + rng_.Pick(kTradeNames) +
                 (listed ? "科技股份有限公司" : "集团有限公司"),
             share, where, false, listed, hq);
    rest -= share;
  }
  // Natural persons hold the rest (or everything), in one to three parts.
  if (rest > 0.0001) {
    const int people = rest >= 0.999 ? rng_.Int(1, 3) : 1;
    for (int i = 0; i < people; ++i) {
      double share = i + 1 == people ? rest : rest * rng_.Uniform(0.5, 0.8);
      investor(PersonName(), share, "东莞市", false, false, false);
      rest -= share;
    }
  }
  s_->push_back(']');
}

void FirmWriter::EmitExhibitions() {
  if (!Keep("exhibitions")) return;
  static constexpr const char* kAbroad[] = {
      "德国科隆五金展", "美国拉斯维加斯消费电子展", "德国汉诺威工业博览会", "香港电子展",
      "日本东京礼品展", "迪拜五金展",                 "越南国际工业展",       "巴西国际家具展",
      "印尼国际制造展", "墨西哥国际塑料展"};
  static constexpr bool kEmerging[] = {false, false, false, false, false,
                                       true,  true,  true,  true,  true};
  static constexpr const char* kHome[] = {"中国进出口商品交易会", "东莞加工贸易产品博览会",
                                          "深圳国际电子展", "广州国际家具博览会",
                                          "中国（东莞）国际纺织服装博览会"};
  double p = exporter_ ? (size_ >= 2e7 ? 0.45 : 0.25)
             : industrial_ || ind_->sector == Sector::kWholesale ? 0.05
                                                                 : 0.01;
  Key("exhibitions");
  s_->push_back('[');
  bool first = true;
  for (int y = std::max(2022, established_.y); y <= kLastYear + 1; ++y) {
    if (!rng_.Chance(y > kLastYear ? p * 0.5 : p)) continue;
    int n = 1 + static_cast<int>(rng_.Poisson(exporter_ ? 0.6 : 0.2));
    for (int i = 0; i < n; ++i) {
      double k = rng_.Uniform();
      const char* kind = !exporter_ || k < 0.35 ? (k < 0.9 ? "境内展" : "线上展") : "境外展";
      if (!first) s_->append(", ");
      first = false;
      s_->append("{\"name\": \"");
      size_t abroad = static_cast<size_t>(rng_.Int(0, 9));
      bool out = std::string_view(kind) == "境外展";
      s_->append(out ? kAbroad[abroad] : rng_.Pick(kHome));
      if (std::string_view(kind) == "线上展") s_->append("（线上）");
      s_->append("\", \"kind\": \"");
      s_->append(kind);
      if (out) {
        s_->append("\", \"market\": \"");
        s_->append(kEmerging[abroad] ? "新兴市场" : "传统市场");
      }
      s_->append("\", \"start_date\": \"");
      Date d = RandomDate(rng_, y);
      if (y > kLastYear) d.m = std::min(d.m, 6);
      if (y > kLastYear && d.m == 6) d.d = std::min(d.d, 15);
      AppendDate(s_, d);
      s_->append("\", \"filed\": ");
      Bool(rng_.Chance(0.85));
      int booths = std::string_view(kind) == "线上展" ? 1 : rng_.Int(1, 6);
      double fee = booths * (out ? rng_.Uniform(1.8e4, 4.5e4) : rng_.Uniform(0.6e4, 1.8e4));
      if (std::string_view(kind) == "线上展") fee = rng_.Uniform(2e3, 1e4);
      s_->append(", \"booth_fee\": ");
      AppendInt(s_, Yuan100(fee));
      s_->append(", \"booths\": ");
      AppendInt(s_, booths);
      s_->push_back('}');
    }
  }
  s_->push_back(']');
}

void FirmWriter::EmitStandards() {
  if (!Keep("standards")) return;
  Key("standards");
  s_->push_back('[');
  double p = high_tech_ ? 0.08 : industrial_ ? 0.01 : 0.002;
  if (rng_.Chance(p)) {
    int n = 1 + static_cast<int>(rng_.Poisson(high_tech_ && size_ >= 2e8 ? 1.5 : 0.3));
    for (int i = 0; i < n; ++i) {
      double l = rng_.Uniform();
      const char* level = l < 0.02   ? "国际标准"
                          : l < 0.17 ? "国家标准"
                          : l < 0.42 ? "行业标准"
                          : l < 0.5  ? "地方标准"
                                     : "团体标准";
      std::string_view lv = level;
      int year = rng_.Int(std::max(2016, std::min(2024, established_.y + 1)), 2025);
      Date d = RandomDate(rng_, year);
      if (year == 2025) d.m = std::min(d.m, 5);
      if (i > 0) s_->append(", ");
      s_->append("{\"name\": \"");
      s_->append(ind_->word);
      s_->append(rng_.Chance(0.5) ? "通用技术规范" : "检测方法");
      s_->append("\", \"number\": \"");
      s_->append(lv == "国际标准"   ? "IEC "
                 : lv == "国家标准" ? "GB/T "
                 : lv == "行业标准" ? "QB/T "
                 : lv == "地方标准" ? "DB4419/T "
                                    : "T/DGSX ");
      AppendInt(s_, rng_.Int(1, 9999));
      s_->push_back('-');
      AppendInt(s_, year);
      s_->append("\", \"level\": \"");
      s_->append(level);
      s_->append("\", \"published\": \"");
      AppendDate(s_, d);
      s_->append("\", \"lead\": ");
      Bool(rng_.Chance(0.35));
      s_->push_back('}');
    }
  }
  s_->push_back(']');
}

void FirmWriter::EmitTitles() {
  if (entity_ != Entity::kFirm) return;
  struct Title {
    const char* name = "";
    const char* level = "";
    int year = 0;
    Date valid_until;
    bool has_valid = false;
    int first_time = -1;  // -1 unknown, 0/1
    std::string cert;
    const char* authority = "";
  };
  auto NewTitle = [](const char* name, const char* level, int year) {
    Title t;
    t.name = name;
    t.level = level;
    t.year = year;
    return t;
  };
  std::vector<Title> titles;
  // 中小企业 in industry: under 1000 persons or under 4亿 of revenue.
  bool small = size_ < 4e8 || Emp(kLastYear) < 1000;
  if (high_tech_) {
    Title t = NewTitle("高新技术企业", "国家级", kLastYear - rng_.Int(0, 2));
    t.valid_until = Date{t.year + 3, 12, rng_.Int(1, 28)};
    t.has_valid = true;
    t.first_time = established_.y >= t.year - 4 || rng_.Chance(0.45) ? 1 : 0;
    t.cert = "GR";
    AppendInt(&t.cert, t.year);
    t.cert += "44";
    AppendPadded(&t.cert, static_cast<uint64_t>(rng_.Int(0, 999999)), 6);
    t.authority = "广东省科学技术厅";
    titles.push_back(t);
  }
  if (has_rd_ && small && rng_.Chance(high_tech_ ? 0.5 : 0.15)) {
    Title t = NewTitle("科技型中小企业", "国家级", kLastYear - rng_.Int(0, 1));
    t.authority = "广东省科学技术厅";
    titles.push_back(t);
  }
  bool specialised = false;
  if (has_rd_ && small && size_ >= 5e6 && rng_.Chance(high_tech_ ? 0.3 : 0.05)) {
    Title t = NewTitle("创新型中小企业", "省级", rng_.Int(2022, 2024));
    t.valid_until = Date{t.year + 3, 12, 31};
    t.has_valid = true;
    t.authority = "广东省工业和信息化厅";
    titles.push_back(t);
  }
  if (high_tech_ && industrial_ && size_ >= 1e7 && small && rng_.Chance(0.2)) {
    specialised = true;
    Title t = NewTitle("专精特新中小企业", "省级", rng_.Int(2021, 2024));
    t.valid_until = Date{t.year + 3, 12, 31};
    t.has_valid = true;
    t.authority = "广东省工业和信息化厅";
    titles.push_back(t);
  }
  if (specialised && size_ >= 1e8 && rng_.Chance(0.35)) {
    Title t = NewTitle("专精特新“小巨人”企业", "国家级", rng_.Int(2020, 2024));
    t.valid_until = Date{t.year + 3, 6, 30};
    t.has_valid = true;
    t.first_time = 1;
    t.authority = "工业和信息化部";
    titles.push_back(t);
  }
  if (industrial_ && size_ >= 4e8 && rng_.Chance(0.08)) {
    bool national = rng_.Chance(0.4);
    const char* name = rng_.Chance(0.6) ? "制造业单项冠军企业" : "制造业单项冠军产品";
    Title t = NewTitle(name, national ? "国家级" : "省级", rng_.Int(2019, 2024));
    t.authority = national ? "工业和信息化部" : "广东省工业和信息化厅";
    titles.push_back(t);
  }
  if (has_rd_ && size_ >= 5e7 && rng_.Chance(0.2)) {
    const char* level = rng_.Chance(0.2) ? "省级" : "市级";
    Title t = NewTitle("企业技术中心", level, rng_.Int(2018, 2024));
    t.authority = "东莞市工业和信息化局";
    titles.push_back(t);
  }
  if (size_ >= 1e8 && rng_.Chance(0.1)) {
    Title t = NewTitle("上市后备企业", "市级", rng_.Int(2021, 2024));
    t.authority = "东莞市金融工作局";
    titles.push_back(t);
  }
  if (size_ >= 5e7 && rng_.Chance(0.05)) {
    Title t = NewTitle("倍增试点企业", "市级", rng_.Int(2018, 2023));
    t.authority = "东莞市工业和信息化局";
    titles.push_back(t);
  }
  if (exporter_ && size_ >= 1e8 && rng_.Chance(0.05)) {
    Title t = NewTitle("海关高级认证企业", "国家级", rng_.Int(2019, 2024));
    t.first_time = 1;
    t.authority = "海关总署";
    titles.push_back(t);
  }
  if (ind_->sector == Sector::kWholesale && exporter_ && size_ >= 2e7 && rng_.Chance(0.02)) {
    const char* level = rng_.Chance(0.3) ? "国家级" : "省级";
    Title t = NewTitle("公共海外仓", level, rng_.Int(2021, 2024));
    t.first_time = 1;
    t.authority = "广东省商务厅";
    titles.push_back(t);
  }
  if (!Keep("titles")) return;
  Key("titles");
  s_->push_back('[');
  for (size_t i = 0; i < titles.size(); ++i) {
    const Title& t = titles[i];
    if (i > 0) s_->append(", ");
    s_->append("{\"name\": \"");
    s_->append(t.name);
    s_->append("\", \"level\": \"");
    s_->append(t.level);
    s_->append("\", \"year\": ");
    AppendInt(s_, t.year);
    if (t.has_valid) {
      s_->append(", \"valid_until\": \"");
      AppendDate(s_, t.valid_until);
      s_->push_back('"');
    }
    if (t.first_time >= 0) {
      s_->append(", \"first_time\": ");
      Bool(t.first_time == 1);
    }
    if (!t.cert.empty()) {
      s_->append(", \"certificate_no\": \"");
      s_->append(t.cert);
      s_->push_back('"');
    }
    s_->append(", \"authority\": \"");
    s_->append(t.authority);
    s_->append("\"}");
  }
  s_->push_back(']');
}

void FirmWriter::EmitPenalties() {
  double p = industrial_ ? 0.06 : 0.03;
  int count = rng_.Chance(p) ? (rng_.Chance(0.8) ? 1 : rng_.Int(2, 3)) : 0;
  if (!Keep("penalties")) return;
  Key("penalties");
  s_->push_back('[');
  for (int i = 0; i < count; ++i) {
    const PenaltyKind& k = PickWeighted(rng_, kPenaltyKinds);
    double a = rng_.Uniform();
    int64_t amount = a < 0.3    ? 0
                     : a < 0.7  ? int64_t{100} * rng_.Int(10, 100)
                     : a < 0.88 ? int64_t{1000} * rng_.Int(10, 99)
                                : int64_t{10000} * rng_.Int(10, 100);
    Date d = RandomDate(rng_, rng_.Int(2019, 2025));
    if (d.y == 2025 && d.m > 6) {
      d.m -= 6;  // keep 2025 penalties before mid-year; the day must still exist
      d.d = std::min(d.d, DaysIn(d.y, d.m));
    }
    if (i > 0) s_->append(", ");
    s_->append("{\"authority\": \"");
    s_->append(k.authority);
    s_->append("\", \"date\": \"");
    AppendDate(s_, d);
    s_->append("\", \"amount\": ");
    AppendInt(s_, amount);
    s_->append(", \"major\": ");
    Bool(amount >= 100000);
    s_->append(", \"reason\": \"");
    s_->append(k.reason);
    s_->append("\", \"document_no\": \"");
    s_->append(k.short_name);
    s_->append("〔");
    AppendInt(s_, d.y);
    s_->append("〕");
    AppendInt(s_, rng_.Int(1, 3000));
    s_->append("号\"}");
  }
  s_->push_back(']');
}

void FirmWriter::EmitBenefits() {
  if (entity_ != Entity::kFirm) return;
  double p = high_tech_ ? 0.4 : size_ >= 2e7 ? 0.3 : 0.06;
  int count = rng_.Chance(p) ? rng_.Int(1, 3) : 0;
  if (!Keep("benefits_received")) return;
  Key("benefits_received");
  s_->push_back('[');
  for (int i = 0; i < count; ++i) {
    const BenefitKind& b = rng_.Pick(kBenefitKinds);
    if (i > 0) s_->append(", ");
    s_->append("{\"project\": \"");
    s_->append(b.project);
    s_->append("\", \"year\": ");
    AppendInt(s_, rng_.Int(std::max(2020, established_.y), 2024));
    s_->append(", \"amount\": ");
    AppendInt(s_, Yuan100(rng_.Uniform(b.min_wan, b.max_wan) * 1e4));
    s_->append(", \"level\": \"");
    s_->append(b.level);
    s_->append("\", \"department\": \"");
    if (std::string_view(b.level) == "镇级") {
      s_->append(TownGovernment(town_));
    } else {
      s_->append(b.department);
    }
    s_->append("\"}");
  }
  s_->push_back(']');
}

void FirmWriter::EmitProjects() {
  int count = 0;
  if (entity_ == Entity::kFirm && industrial_) {
    count = rng_.Chance(size_ >= 2e7 ? 0.25 : 0.05) ? (rng_.Chance(0.75) ? 1 : 2) : 0;
  }
  if (count == 0) {
    // The investment-project register (投资项目在线审批监管平台) knows a firm
    // has no project: an empty list rules project policies out instead of
    // leaving them undetermined. (No draw from the missing-field stream, so
    // every other field of the firm stays as it was.)
    Key("projects");
    s_->append("[]");
    return;
  }
  if (!Keep("projects")) return;
  Key("projects");
  s_->push_back('[');
  for (int i = 0; i < count; ++i) {
    const char* kind = rng_.Pick(kProjectKinds);
    double investment = std::max(2e5, size_ * rng_.Uniform(0.03, 0.3));
    Date start = RandomDate(rng_, rng_.Int(2022, 2024));
    if (i > 0) s_->append(", ");
    s_->append("{\"name\": \"");
    s_->append(rng_.Pick(kProjectObjects));
    s_->append(kind);
    s_->append("项目\", \"kind\": \"");
    s_->append(kind);
    s_->append("\", \"investment\": ");
    AppendInt(s_, Yuan100(investment));
    s_->append(", \"equipment_investment\": ");
    AppendInt(s_, Yuan100(investment * rng_.Uniform(0.4, 0.85)));
    s_->append(", \"start_date\": \"");
    AppendDate(s_, start);
    s_->push_back('"');
    Date done = AddMonths(start, rng_.Int(3, 18));
    if (done.y <= 2024) {
      s_->append(", \"completion_date\": \"");
      AppendDate(s_, done);
      s_->push_back('"');
    }
    s_->append(", \"filed\": ");
    Bool(rng_.Chance(0.9));
    if (std::string_view(kind) == "技术改造" || std::string_view(kind) == "智能化改造") {
      s_->append(", \"provincial_library\": ");
      Bool(rng_.Chance(0.6));
    }
    s_->append(", \"obsolete_capacity\": ");
    Bool(rng_.Chance(0.01));
    s_->append("}");
  }
  s_->push_back(']');
}

void FirmWriter::EmitLoans() {
  if (entity_ != Entity::kFirm || !rng_.Chance(size_ >= 1e7 ? 0.2 : 0.04)) return;
  wrote_loans_ = true;
  if (!Keep("loans")) return;
  Key("loans");
  s_->push_back('[');
  int count = rng_.Int(1, 2);
  for (int i = 0; i < count; ++i) {
    Date start = RandomDate(rng_, rng_.Int(2022, 2024));
    double amount = std::max(5e5, std::round(size_ * rng_.Uniform(0.05, 0.3) / 1e5) * 1e5);
    if (i > 0) s_->append(", ");
    s_->append("{\"bank\": \"");
    s_->append(rng_.Pick(kBanks));
    s_->append("\", \"amount\": ");
    AppendInt(s_, Yuan(amount));
    s_->append(", \"start\": \"");
    AppendDate(s_, start);
    s_->append("\", \"due\": \"");
    AppendDate(s_, AddMonths(start, 12 * rng_.Int(1, 3)));
    s_->append("\", \"interest_year\": ");
    AppendInt(s_, start.y);
    s_->append(", \"interest_paid\": ");
    AppendInt(s_, Yuan100(amount * rng_.Uniform(0.025, 0.045) * (13 - start.m) / 12.0));
    s_->append(", \"tech_finance\": ");
    Bool(high_tech_ && rng_.Chance(0.3));
    s_->append("}");
  }
  s_->push_back(']');
}

// Replaces a correct value by a bad one, after the fact, where it is simpler
// than while writing.
void FirmWriter::Corrupt() {
  std::string& s = *s_;
  switch (bad_) {
    case BadKind::kTruncated: {
      size_t cut = s.size() / 4 + static_cast<size_t>(badr_.Next() % (s.size() / 2));
      while (cut > 1 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
      s.resize(cut);
      out_->bad_field = "";
      return;
    }
    case BadKind::kUsccCheckChar: {
      // "uscc": "…" is the first field; the check character is the 18th.
      size_t pos = s.find("\"uscc\": \"") + 9 + 17;
      char good = s[pos];
      char bad = good;
      while (bad == good) bad = kUsccCharset[badr_.Next() % kUsccCharset.size()];
      s[pos] = bad;
      break;
    }
    case BadKind::kInvalidDate: {
      std::string key = "\"" + forced_ + "\": \"";
      size_t pos = s.find(key) + key.size();
      static constexpr const char* kBadDays[] = {"-02-30", "-02-31", "-04-31", "-06-31", "-09-31",
                                                 "-11-31", "-13-01", "-00-10", "-02-29"};
      const char* day = badr_.Pick(kBadDays);
      if (std::string_view(day) == "-02-29") {
        int y = std::stoi(s.substr(pos, 4));
        if (IsLeap(y)) day = "-02-30";
      }
      s.replace(pos + 4, 6, day);
      break;
    }
    case BadKind::kNegativeCount:
      forced_ = "employees.2024";
      break;
    default:
      break;
  }
  out_->bad_field = forced_;
}

}  // namespace

std::string_view BadKindName(BadKind kind) {
  switch (kind) {
    case BadKind::kNone:
      return "none";
    case BadKind::kTruncated:
      return "truncated";
    case BadKind::kStringForBool:
      return "string_for_bool";
    case BadKind::kObjectForMoney:
      return "object_for_money";
    case BadKind::kUsccCheckChar:
      return "uscc_check_char";
    case BadKind::kInvalidDate:
      return "invalid_date";
    case BadKind::kNegativeCount:
      return "negative_count";
    case BadKind::kUnknownEnum:
      return "unknown_enum";
  }
  return "none";
}

PopulationGenerator::PopulationGenerator(const PopulationOptions& options) : options_(options) {
  options_.bad_share = std::clamp(options_.bad_share, 0.0, 1.0);
  options_.missing_share = std::clamp(options_.missing_share, 0.0, 1.0);
}

BadKind PopulationGenerator::BadKindOf(uint64_t index) const {
  Rng rng(options_.seed, index, kStreamBad + 100);
  if (!(rng.Uniform() < options_.bad_share)) return BadKind::kNone;
  return static_cast<BadKind>(1 + rng.Next() % kBadKindCount);
}

GeneratedFirm PopulationGenerator::Generate(uint64_t index) const {
  GeneratedFirm firm;
  Generate(index, &firm);
  return firm;
}

void PopulationGenerator::Generate(uint64_t index, GeneratedFirm* out) const {
  FirmWriter(options_, index, BadKindOf(index), out).Write();
}

std::string ShardedPath(uint64_t index, uint64_t total) {
  int width = 6;
  for (uint64_t t = total > 0 ? total - 1 : 0, limit = 1000000; t >= limit && width < 19;
       limit *= 10) {
    ++width;
  }
  std::string path;
  AppendPadded(&path, index / 1000, width - 3);
  path.push_back('/');
  AppendPadded(&path, index, width);
  path.append(".json");
  return path;
}

}  // namespace duixian::gen
