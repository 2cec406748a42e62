"""Short texts written for these tests (our own sentences), in Simplified and Traditional script."""

SIMPLIFIED = (
    "今天早上下了一场大雨，学校门口的积水很深，很多家长只好背着孩子过马路。"
    "到了中午，太阳出来了，街道很快就干了，大家又像往常一样去食堂吃饭。"
    "下午的会议讨论了新图书馆的开放时间，同学们希望晚上能开到十点。"
)
TRADITIONAL = (
    "今天早上下了一場大雨，學校門口的積水很深，很多家長只好揹著孩子過馬路。"
    "到了中午，太陽出來了，街道很快就乾了，大家又像往常一樣去餐廳吃飯。"
    "下午的會議討論了新圖書館的開放時間，同學們希望晚上能開到十點。"
)
SHORT_SIMPLIFIED = "我们明天去公园"
"""7 characters: 14 bytes in GB18030."""
SHORT_TRADITIONAL = "我們明天去公園"
MIXED = (
    "版本 v2.3 已经发布，运行 `pip install corpus` 即可。\n"
    "for i in range(10): print(i)\n"
    "新的功能包括自动识别编码。"
)
JAPANESE = "今日は雨が降っています。明日は晴れるでしょう。私たちは公園で散歩するつもりです。"
KOREAN = "오늘은 비가 많이 내렸습니다. 내일은 맑을 것 같습니다. 우리는 공원에서 산책할 예정입니다."
RUSSIAN = "Сегодня шёл сильный дождь. Завтра, наверное, будет солнечно. Мы пойдём гулять в парк."
WESTERN = "Le café était fermé ce matin, mais la boulangerie à côté vendait des crêpes délicieuses."
