"""Demo galleries for ``manage.py load_demo``: photos drawn here with Pillow (a hall, a
table, the member states' flags), nothing downloaded. Runs after the news demo
(INSTALLED_APPS order), on the releases it created; a second run adds nothing."""

import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFilter

from .models import Photo

SIZE = (1600, 1067)
# Member states' flag colours, simplified to three bands.
FLAGS = [
    ("#d90012", "#0033a0", "#f2a800"),  # Armenia
    ("#c8313e", "#c8313e", "#4aa657"),  # Belarus
    ("#00afca", "#00afca", "#fec50c"),  # Kazakhstan
    ("#e8112d", "#e8112d", "#ffef00"),  # Kyrgyzstan
    ("#ffffff", "#0039a6", "#d52b1e"),  # Russia
    ("#cc0000", "#ffffff", "#006600"),  # Tajikistan
]

GALLERIES = {
    "permanent-council-draft-statements-nazism-middle-east-ew-working-group": [
        ("The Permanent Council in session", "Постоянный совет на заседании"),
        ("The chair opens the meeting", "Председательствующий открывает заседание"),
        (
            "Permanent representatives of the member states",
            "Постоянные представители государств-членов",
        ),
        ("Flags of the member states in the hall", "Флаги государств-членов в зале заседаний"),
        ("The draft documents on the table", "Проекты документов на столе"),
    ],
    "secretary-general-takes-part-in-un-security-council-debate": [
        ("The Security Council chamber", "Зал Совета Безопасности"),
        ("The Secretary General speaks", "Выступление Генерального секретаря"),
        ("Heads of the regional organizations", "Руководители региональных организаций"),
        ("After the debate", "После дебатов"),
    ],
    "secretariat-meets-graduates-of-the-international-school-of-diplomacy": [
        ("Graduates arrive at the Secretariat", "Выпускники прибывают в Секретариат"),
        ("A talk on collective security", "Беседа о коллективной безопасности"),
        ("Questions from the audience", "Вопросы из зала"),
        ("In the Secretariat's conference hall", "В конференц-зале Секретариата"),
        ("A group photograph", "Общая фотография"),
        ("Farewell", "Прощание"),
    ],
}
CREDIT = ("CSTO press service", "Пресс-служба ОДКБ")


def picture(seed, size=SIZE):
    """A JPEG of a made-up scene: a lit hall, a long table, a row of flags, some grain."""
    rng = random.Random(seed)  # noqa: S311 - made-up demo pictures, not a secret
    width, height = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    top = (rng.randint(150, 220), rng.randint(160, 210), rng.randint(170, 230))
    for y in range(height):  # the wall: light from above
        shade = 1 - 0.55 * y / height
        draw.line([(0, y), (width, y)], fill=tuple(int(c * shade) for c in top))
    floor = int(height * rng.uniform(0.62, 0.72))
    draw.rectangle([0, floor, width, height], fill=(90, 62, 40))
    pole_gap = width // (len(FLAGS) + 1)
    for index, bands in enumerate(rng.sample(FLAGS, len(FLAGS))):
        x = pole_gap * (index + 1) + rng.randint(-20, 20)
        draw.line([(x, floor - int(height * 0.45)), (x, floor)], fill=(200, 190, 150), width=6)
        band = int(height * 0.06)
        for row, colour in enumerate(bands):
            y = floor - int(height * 0.45) + 10 + row * band
            draw.rectangle([x + 4, y, x + int(width * 0.09), y + band], fill=colour)
    table = floor - int(height * 0.05)
    draw.rectangle([width * 0.08, table, width * 0.92, table + height * 0.07], fill=(60, 40, 28))
    for seat in range(rng.randint(5, 9)):  # people at the table
        x = width * (0.12 + seat * 0.1) + rng.randint(-15, 15)
        head = height * 0.035
        draw.ellipse(
            [x - head, table - head * 4.4, x + head, table - head * 2.4], fill=(214, 170, 140)
        )
        draw.rectangle(
            [x - head * 1.8, table - head * 2.4, x + head * 1.8, table], fill=(35, 40, 55)
        )
    noise = Image.effect_noise(size, 18).convert("RGB")
    image = Image.blend(image, noise, 0.08).filter(ImageFilter.SMOOTH)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


def add_gallery(article, captions, credit=CREDIT, seed=0, size=SIZE):
    """Give ``article`` a gallery of drawn photos, one per (English, Russian) caption."""
    for position, (english, russian) in enumerate(captions):
        name = f"{article.slug[:40]}-{position + 1}.jpg"
        Photo.objects.create(
            article=article,
            image=SimpleUploadedFile(name, picture(seed + position, size), "image/jpeg"),
            position=position,
            caption_en=english,
            caption_ru=russian,
            alt_en=english,
            alt_ru=russian,
            credit_en=credit[0],
            credit_ru=credit[1],
        )


def load():
    """The demo galleries that are missing, and the first photo of each as its release's
    lead image when it has none; returns how many photos were created."""
    article_model = Photo._meta.get_field("article").related_model
    created = 0
    for seed, (slug, captions) in enumerate(GALLERIES.items()):
        article = article_model.objects.filter(slug=slug).first()
        if article is None or article.photos.exists():
            continue
        add_gallery(article, captions, seed=seed * 100)
        created += len(captions)
        if not article.image:
            first = article.photos.first()
            article.image = SimpleUploadedFile(
                f"{slug[:40]}.jpg", picture(seed * 100), "image/jpeg"
            )
            article.image_alt_en, article.image_alt_ru = first.caption_en, first.caption_ru
            article.save()
    return created
