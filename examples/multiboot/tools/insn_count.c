/* QEMU TCG plugin that counts every guest instruction executed (inline counter per instruction) and
 * prints "insns: N" at exit. Declares the few QEMU 7.2 plugin API symbols it uses (qemu/qemu-plugin.h,
 * QEMU_PLUGIN_VERSION 1) because Debian ships no plugin header. Build: gcc -shared -fPIC -O2. */
#include <inttypes.h>
#include <stdio.h>
#include <stddef.h>

typedef uint64_t qemu_plugin_id_t;
typedef struct qemu_info_t qemu_info_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 };
typedef void (*qemu_plugin_tb_trans_cb_t)(qemu_plugin_id_t id, struct qemu_plugin_tb *tb);
typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void *userdata);
typedef void (*qemu_plugin_vcpu_udata_cb_t)(unsigned int vcpu_index, void *userdata);
enum qemu_plugin_cb_flags { QEMU_PLUGIN_CB_NO_REGS };

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, qemu_plugin_tb_trans_cb_t cb);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb, size_t idx);
void qemu_plugin_register_vcpu_insn_exec_inline(struct qemu_plugin_insn *insn, enum qemu_plugin_op op,
                                                void *ptr, uint64_t imm);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb, void *userdata);
void qemu_plugin_outs(const char *string);
uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *insn);
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn, qemu_plugin_vcpu_udata_cb_t cb,
                                            enum qemu_plugin_cb_flags flags, void *userdata);

__attribute__((visibility("default"))) int qemu_plugin_version = 1;

/* Single vCPU guests only: one shared counter. */
static uint64_t insn_count;
/* Optional "entry=ADDR": also report the count from the first execution of ADDR (the kernel entry),
 * excluding firmware. QEMU emits an instruction's callbacks before its inline ops, so the snapshot
 * taken there excludes the entry instruction itself and the difference includes it. */
static uint64_t entry_address;
static int entry_given;
static int entry_seen;
static uint64_t count_at_entry;

static void on_entry(unsigned int vcpu_index, void *userdata) {
    (void)vcpu_index;
    (void)userdata;
    if (!entry_seen) {
        entry_seen = 1;
        count_at_entry = insn_count;
    }
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb) {
    (void)id;
    size_t n = qemu_plugin_tb_n_insns(tb);
    /* Per-instruction (not per-block) so a block left early by an exception or I/O exit counts exactly. */
    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        if (entry_given && !entry_seen && qemu_plugin_insn_vaddr(insn) == entry_address)
            qemu_plugin_register_vcpu_insn_exec_cb(insn, on_entry, QEMU_PLUGIN_CB_NO_REGS, NULL);
        qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64, &insn_count, 1);
    }
}

static void on_exit(qemu_plugin_id_t id, void *userdata) {
    (void)id;
    (void)userdata;
    char line[128];
    snprintf(line, sizeof line, "insns: %" PRIu64 "\n", insn_count);
    qemu_plugin_outs(line);
    if (entry_given) {
        if (entry_seen)
            snprintf(line, sizeof line, "insns_from_entry: %" PRIu64 "\n", insn_count - count_at_entry);
        else
            snprintf(line, sizeof line, "insns_from_entry: never reached\n");
        qemu_plugin_outs(line);
    }
}

__attribute__((visibility("default"))) int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
                                                               int argc, char **argv) {
    (void)info;
    for (int i = 0; i < argc; i++) {
        if (sscanf(argv[i], "entry=%" SCNx64, &entry_address) == 1) entry_given = 1;
    }
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
    qemu_plugin_register_atexit_cb(id, on_exit, NULL);
    return 0;
}
