"""The Litmas types of domain notes §8.2 and three report templates (§5.6), as data the administrator edits.

Deadlines are the office's defaults, not law, except the juvenile justice law's 3×24 hours for a child in the
justice process (UU 11/2012 SPPA): the administrator changes any of them in the admin without code.
Titles are Indonesian: they are the headings of the report as it is printed.
"""

from django.db import migrations


def _s(key, title, *, required=True, prefill="", help=""):
    return {"key": key, "title": title, "required": required, "prefill": prefill, "help": help}


PB_ADULT = [
    _s("dasar", "Pendahuluan dan dasar penelitian", help="Dasar hukum, surat permintaan, tujuan penelitian."),
    _s("identitas", "Data klien", prefill="identity"),
    _s("perkara", "Data perkara dan pidana", prefill="case"),
    _s("tahapan", "Tahapan pembinaan (1/3, 1/2, 2/3 masa pidana)", prefill="sentence_dates"),
    _s("riwayat_hidup", "Riwayat hidup (kelahiran, pertumbuhan, perkembangan)"),
    _s("pendidikan", "Riwayat pendidikan", required=False),
    _s("tingkah_laku", "Tingkah laku (bakat, relasi keluarga, ketaatan beragama, kebiasaan, riwayat NAPZA)"),
    _s("keluarga", "Keluarga", prefill="family", required=False),
    _s("penjamin", "Kondisi penjamin (perkawinan, relasi, pekerjaan, kondisi rumah)", prefill="guarantors"),
    _s("lingkungan", "Lingkungan dan interaksi sosial klien"),
    _s("tindak_pidana", "Riwayat tindak pidana (latar belakang, kronologi, keadaan korban)"),
    _s("dampak", "Dampak (bagi klien, keluarga, masyarakat)", required=False),
    _s("tanggapan", "Tanggapan (klien, keluarga, korban, masyarakat, pemerintah setempat)"),
    _s("riwayat_bimbingan", "Riwayat pembimbingan sebelumnya", prefill="history", required=False),
    _s("pembinaan", "Evaluasi pembinaan, program kepribadian dan kemandirian, relasi sosial di Lapas/Rutan"),
    _s("asesmen", "Hasil asesmen risiko dan kebutuhan", prefill="assessment"),
    _s("analisis", "Analisis"),
    _s("rekomendasi", "Kesimpulan dan rekomendasi"),
]
CHILD = [
    _s("dasar", "Pendahuluan dan dasar penelitian", help="Surat permintaan penyidik/jaksa/hakim, UU 11/2012 SPPA."),
    _s("identitas", "Data anak", prefill="identity"),
    _s("keluarga", "Data orang tua / wali dan keluarga", prefill="family"),
    _s("perkara", "Perkara (uraian singkat, keadaan korban)", prefill="case", required=False),
    _s("riwayat_hidup", "Riwayat hidup, pendidikan dan pergaulan anak"),
    _s("lingkungan", "Kondisi lingkungan tempat tinggal"),
    _s("tanggapan", "Tanggapan anak, orang tua, korban dan masyarakat"),
    _s("asesmen", "Hasil asesmen risiko dan kebutuhan", prefill="assessment", required=False),
    _s("analisis", "Analisis (kepentingan terbaik bagi anak)"),
    _s("rekomendasi", "Kesimpulan dan rekomendasi (diversi, tindakan, atau pidana)"),
]
GENERAL = [
    _s("dasar", "Pendahuluan dan dasar penelitian"),
    _s("identitas", "Data klien", prefill="identity"),
    _s("perkara", "Data perkara dan pidana", prefill="case", required=False),
    _s("riwayat_bimbingan", "Riwayat pembimbingan sebelumnya", prefill="history", required=False),
    _s("keadaan", "Keadaan klien, keluarga dan lingkungan"),
    _s("asesmen", "Hasil asesmen risiko dan kebutuhan", prefill="assessment", required=False),
    _s("analisis", "Analisis"),
    _s("rekomendasi", "Kesimpulan dan rekomendasi"),
]
TEMPLATES = [
    ("integrasi-dewasa", "Litmas integrasi dewasa (PB, CB, CMB, asimilasi)", PB_ADULT),
    ("anak", "Litmas anak (diversi, sidang anak)", CHILD),
    ("umum", "Litmas umum", GENERAL),
]
# code, name, audience, unit, amount, template
TYPES = [
    ("pembinaan-awal", "Pembinaan awal", "adult", "working_days", 10, "umum"),
    ("asimilasi", "Asimilasi", "both", "working_days", 10, "integrasi-dewasa"),
    ("pb", "Pembebasan Bersyarat (PB)", "adult", "working_days", 10, "integrasi-dewasa"),
    ("cb", "Cuti Bersyarat (CB)", "adult", "working_days", 10, "integrasi-dewasa"),
    ("cmb", "Cuti Menjelang Bebas (CMB)", "adult", "working_days", 10, "integrasi-dewasa"),
    ("cmk", "Cuti Mengunjungi Keluarga (CMK)", "both", "working_days", 5, "umum"),
    ("perubahan-pidana", "Perubahan pidana", "adult", "working_days", 10, "umum"),
    ("pemindahan", "Pemindahan", "both", "working_days", 10, "umum"),
    ("pelimpahan", "Litmas pindah (pelimpahan)", "both", "working_days", 10, "umum"),
    ("perawatan-tahanan", "Perawatan tahanan", "both", "working_days", 5, "umum"),
    ("diversi", "Diversi", "child", "hours", 72, "anak"),
    ("sidang-anak", "Sidang anak (peradilan pidana anak)", "child", "hours", 72, "anak"),
    ("anak-bawah-12", "Anak di bawah 12 tahun", "child", "hours", 72, "anak"),
    ("akot", "Pengembalian kepada orang tua/wali (AKOT)", "child", "working_days", 7, "anak"),
    ("lpka", "Pembinaan di LPKA", "child", "working_days", 10, "anak"),
    ("lpks", "Penempatan di LPKS", "child", "working_days", 7, "anak"),
    ("pb-anak", "Pembebasan Bersyarat anak", "child", "working_days", 10, "anak"),
    ("pidana-bersyarat", "Pidana bersyarat", "adult", "working_days", 10, "umum"),
    ("pidana-pengawasan", "Pidana pengawasan", "both", "working_days", 10, "umum"),
    ("pidana-kerja-sosial", "Pidana kerja sosial", "adult", "working_days", 10, "umum"),
]


def seed(apps, schema_editor):
    ReportTemplate = apps.get_model("litmas", "ReportTemplate")
    LitmasType = apps.get_model("litmas", "LitmasType")
    templates = {}
    for code, name, sections in TEMPLATES:
        templates[code], _created = ReportTemplate.objects.get_or_create(
            code=code, defaults={"name": name, "sections": sections}
        )
    for order, (code, name, audience, unit, amount, template) in enumerate(TYPES, start=1):
        LitmasType.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "audience": audience,
                "deadline_unit": unit,
                "deadline_amount": amount,
                "template": templates[template],
                "order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("litmas", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
