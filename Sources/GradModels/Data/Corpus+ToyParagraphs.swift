// Hand-written paragraphs of the toy corpus: short connected stories in the
// same small vocabulary as the generated sentences, one sentence per line.

extension ToyCorpus {
  static let paragraphs: [[String]] = [
    [
      "Our cat is called Pip.",
      "Pip is small and black, with one white paw.",
      "Every morning Pip sat on the mat by the door and waited for the sun.",
      "When the sun came, Pip walked to the garden and slept under the apple tree.",
      "At night Pip came back to the kitchen and ate some fish.",
      "Then Pip sat on the rug near the fire until everyone went to bed.",
    ],
    [
      "The farmer has a big brown dog called Otto.",
      "Otto works in the field all day with the sheep.",
      "He runs around them and brings them home before dinner.",
      "In the evening Otto is tired, so he sleeps on the floor of the barn.",
      "The farmer gives him bread and a bowl of water.",
      "Otto is old now, but he is still a good dog.",
    ],
    [
      "Anna and Tom went to the market on Saturday.",
      "They bought bread, cheese, apples and a small cake.",
      "On the way home it started to rain.",
      "They ran under a tree and waited.",
      "A wet duck walked past them and looked very happy.",
      "When the rain stopped, they walked home by the river.",
    ],
    [
      "In the old house at the end of the street there lives a grey mouse.",
      "The mouse sleeps in a box under the stairs.",
      "At night it comes out and looks for seeds and bits of bread.",
      "The cat of the house knows about the mouse, but the cat is lazy.",
      "It sits on the sofa and watches the mouse run across the floor.",
      "The mouse is quick, and the cat is warm, so nobody moves.",
    ],
    [
      "Maria is a teacher at the village school.",
      "Every day she walks to school with her dog, Bella.",
      "Bella sits by the door of the classroom while the children read.",
      "After lunch the children play with Bella in the yard.",
      "They throw a ball and Bella runs to get it.",
      "Then Bella lies in the sun and sleeps until it is time to go home.",
    ],
    [
      "The fox lives in the forest on the hill.",
      "Early in the morning the fox walks down to the field.",
      "It looks at the ducks on the river and thinks about breakfast.",
      "The ducks see the fox and swim away.",
      "The fox sits on a rock for a while, and then it goes back up the hill.",
      "Tomorrow it will try again.",
    ],
    [
      "Where is my hat?",
      "It is not on the chair, and it is not on the table.",
      "I looked under the bed and behind the door.",
      "Then I saw the little dog in the garden.",
      "The dog was lying on the grass, and my hat was under its nose.",
      "I think the dog likes my hat more than I do.",
    ],
    [
      "Sam keeps a rabbit and two birds.",
      "The rabbit eats carrots and grass, and the birds eat seeds.",
      "On Sunday Sam cleans their cages and gives them fresh water.",
      "The rabbit likes to sit on Sam's lap.",
      "The birds sing when the window is open.",
      "Sam says that a house with animals is never quiet.",
    ],
  ]
}
