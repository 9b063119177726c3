"""The sample instrument: ten domains in the manner of LSI-R (the basis of RRI), two or three questions each.

Its weights and cut-offs are invented for the demo and the tests, and it is labelled as a sample everywhere it
appears: the official RRI weights are not public, so the office's administrators enter their own instrument.
`demo` calls `seed` again on a database that lost the rows (a test that emptied the tables).
"""

import datetime

from django.db import migrations

CODE = "CONTOH-RRK"
NAME = "Contoh instrumen risiko dan kebutuhan kriminogenik"
NOTES = (
    "Contoh — bukan bobot resmi RRI. Butir, bobot dan batas kategori disusun untuk demonstrasi; "
    "Bapas memasukkan instrumen resminya sendiri sebagai instrumen baru."
)
LOW_MAX, MEDIUM_MAX = 12, 24

# (code, name, [(question, required, [(answer, score), ...]), ...])
DOMAINS = [
    ("riwayat_pidana", "Riwayat pidana", [
        ("Jumlah putusan pidana sebelumnya", True, [("Tidak ada", 0), ("Satu", 1), ("Dua atau lebih", 2)]),
        ("Usia saat pertama kali dipidana", True, [("25 tahun ke atas", 0), ("18–24 tahun", 1), ("Di bawah 18 tahun", 2)]),
        ("Pernah melanggar syarat pembinaan atau pembimbingan", True, [("Tidak pernah", 0), ("Pernah", 2)]),
    ]),
    ("pendidikan_pekerjaan", "Pendidikan dan pekerjaan", [
        ("Status pekerjaan saat ini", True, [("Bekerja tetap", 0), ("Bekerja tidak tetap", 1), ("Tidak bekerja", 2)]),
        ("Pendidikan terakhir", True, [("SMA atau lebih tinggi", 0), ("SMP", 1), ("SD atau tidak sekolah", 2)]),
        ("Pernah dikeluarkan dari sekolah atau diberhentikan dari pekerjaan", True, [("Tidak", 0), ("Ya", 1)]),
    ]),
    ("keuangan", "Keuangan", [
        ("Kesulitan keuangan", True, [("Tidak ada", 0), ("Sedang", 1), ("Berat", 2)]),
        ("Bergantung pada bantuan sosial", True, [("Tidak", 0), ("Ya", 1)]),
    ]),
    ("keluarga", "Keluarga dan perkawinan", [
        ("Hubungan dengan keluarga atau pasangan", True, [("Baik", 0), ("Kurang baik", 1), ("Buruk", 2)]),
        ("Anggota keluarga terlibat tindak pidana", True, [("Tidak", 0), ("Ya", 1)]),
    ]),
    ("tempat_tinggal", "Tempat tinggal", [
        ("Tempat tinggal", True, [("Tetap", 0), ("Sering berpindah", 1), ("Tidak ada", 2)]),
        ("Lingkungan tempat tinggal rawan kejahatan", True, [("Tidak", 0), ("Ya", 1)]),
    ]),
    ("waktu_luang", "Waktu luang", [
        ("Kegiatan positif di waktu luang", True, [("Aktif", 0), ("Kadang-kadang", 1), ("Tidak ada", 2)]),
        ("Ikut kegiatan kemasyarakatan atau keagamaan", True, [("Ya", 0), ("Tidak", 1)]),
    ]),
    ("pergaulan", "Pergaulan", [
        ("Teman yang terlibat tindak pidana", True, [("Tidak ada", 0), ("Beberapa", 1), ("Sebagian besar", 2)]),
        ("Ada teman yang mendukung perubahan", True, [("Ada", 0), ("Tidak ada", 1)]),
    ]),
    ("alkohol_narkoba", "Alkohol dan narkoba", [
        ("Riwayat penyalahgunaan narkoba", True, [("Tidak pernah", 0), ("Dahulu", 1), ("Masih", 3)]),
        ("Penggunaan alkohol mengganggu kehidupan sehari-hari", True, [("Tidak", 0), ("Kadang-kadang", 1), ("Sering", 2)]),
    ]),
    ("emosi_pribadi", "Emosi dan kepribadian", [
        ("Masalah kesehatan jiwa atau emosi", True, [("Tidak ada", 0), ("Ringan", 1), ("Berat", 2)]),
        ("Pengendalian diri dan amarah", True, [("Baik", 0), ("Kurang", 1), ("Buruk", 2)]),
        ("Pernah menjalani perawatan kejiwaan", False, [("Tidak", 0), ("Ya", 1)]),
    ]),
    ("sikap", "Sikap dan orientasi", [
        ("Sikap terhadap tindak pidana yang dilakukan", True, [("Menyesal", 0), ("Ragu-ragu", 1), ("Membenarkan", 2)]),
        ("Sikap terhadap bimbingan", True, [("Kooperatif", 0), ("Kurang kooperatif", 1), ("Menolak", 2)]),
    ]),
]


def seed(apps, schema_editor):
    Instrument = apps.get_model("assessment", "Instrument")
    InstrumentDomain = apps.get_model("assessment", "InstrumentDomain")
    Item = apps.get_model("assessment", "Item")
    Option = apps.get_model("assessment", "Option")
    if Instrument.objects.filter(code=CODE, version=1).exists():
        return
    instrument = Instrument.objects.create(
        code=CODE,
        name=NAME,
        version=1,
        kind="risk",
        is_sample=True,
        valid_from=datetime.date(2020, 1, 1),
        active=True,
        low_max=LOW_MAX,
        medium_max=MEDIUM_MAX,
        notes=NOTES,
    )
    for d_order, (code, name, items) in enumerate(DOMAINS, start=1):
        domain = InstrumentDomain.objects.create(instrument=instrument, code=code, name=name, order=d_order)
        for i_order, (text, required, options) in enumerate(items, start=1):
            item = Item.objects.create(domain=domain, text=text, order=i_order, required=required)
            Option.objects.bulk_create(
                Option(item=item, label=label, score=score, order=o_order)
                for o_order, (label, score) in enumerate(options, start=1)
            )


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
