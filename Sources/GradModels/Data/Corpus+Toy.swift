// The toy corpus: what is in it and why.
//
// A neural language model learns that two words are alike when they occur in
// the same contexts: if "cat" and "dog" are both followed by "sat on the"
// and preceded by "the" and "a", their embeddings are pulled together. The
// corpus is built to show exactly that with a model small enough to train
// in seconds:
//
// - 4,000 sentences from 22 templates ("<det> <animal> sat <prep> the
//   <surface>.", "<person> gave the <animal> some <food>.", …) filled from
//   word lists by a fixed-seed generator. Every animal can fill every
//   animal slot, so cat, dog and fox share contexts; cat and dog are the
//   most frequent animals, so they are learned best.
// - "sat" is followed by "on" three times in four (else "under", "near",
//   "beside"), so "the cat sat" → "on" is the clear best guess but not the
//   only one; "slept" splits between "under", "on" and "in".
// - Eight hand-written paragraphs, spread evenly through the text, add
//   connected prose with the same words (and a few more).
//
// One sentence (or a question and its answer) per line, capitalised and
// punctuated like ordinary text; the word tokenizer lower-cases it.

enum ToyCorpus {
  /// The generator's seed: the text depends on nothing else.
  static let seed: UInt64 = 0x746F_795F_636F_7270
  /// How many template sentences to generate.
  static let generatedSentenceCount = 4_000

  /// The corpus text: generated sentences with the paragraphs spread through them.
  static func generate() -> String {
    var generator = SeededGenerator(seed: seed)
    let gap = generatedSentenceCount / (paragraphs.count + 1)
    var lines: [String] = []
    lines.reserveCapacity(generatedSentenceCount + 64)
    var next = 0
    for k in 0..<generatedSentenceCount {
      if k > 0 && k % gap == 0 && next < paragraphs.count {
        lines.append(contentsOf: paragraphs[next])
        next += 1
      }
      lines.append(sentence(&generator))
    }
    for paragraph in paragraphs[next...] { lines.append(contentsOf: paragraph) }
    return lines.joined(separator: "\n") + "\n"
  }

  // MARK: - Word lists (weights are relative frequencies)

  typealias Weighted = [(word: String, weight: Int)]

  static let animals: Weighted = [
    ("cat", 4), ("dog", 4), ("rabbit", 1), ("horse", 1), ("mouse", 1), ("bird", 1), ("fox", 1),
    ("duck", 1), ("goat", 1), ("cow", 1), ("pig", 1), ("frog", 1), ("owl", 1),
  ]
  static let plurals: [String: String] = [
    "cat": "cats", "dog": "dogs", "rabbit": "rabbits", "horse": "horses", "mouse": "mice",
    "bird": "birds", "fox": "foxes", "duck": "ducks", "goat": "goats", "cow": "cows",
    "pig": "pigs", "frog": "frogs", "owl": "owls",
  ]
  static let determiners: Weighted = [("the", 12), ("a", 5), ("my", 2), ("that", 1)]
  static let adjectives = [
    "small", "big", "old", "young", "black", "white", "brown", "grey", "happy", "sleepy",
    "hungry", "little", "lazy", "quiet", "clever", "tired",
  ]
  static let people = [
    "Anna", "Tom", "Maria", "Sam", "Leo", "Nora", "Ben", "Lucy", "the farmer", "the teacher",
    "the baker", "my sister", "my brother", "the old man", "the little girl", "the boy",
  ]
  static let petNames = ["Max", "Bella", "Pip", "Rosie", "Otto", "Daisy"]
  static let places = [
    "garden", "kitchen", "park", "field", "barn", "river", "forest", "market", "yard", "village",
    "school", "street", "hill", "house",
  ]
  static let surfaces: Weighted = [
    ("mat", 3), ("rug", 2), ("chair", 1), ("table", 1), ("bed", 1), ("sofa", 1), ("floor", 1),
    ("bench", 1), ("step", 1), ("wall", 1), ("box", 1), ("fence", 1), ("roof", 1), ("shelf", 1),
  ]
  static let objects = [
    "ball", "book", "cup", "hat", "key", "basket", "lamp", "bag", "letter", "coat", "spoon", "map",
  ]
  static let foods = [
    "bread", "cheese", "fish", "seeds", "grass", "carrots", "soup", "apples", "cake", "corn",
  ]
  static let times = [
    "in the morning", "at night", "after lunch", "every day", "on Sunday", "in the evening",
    "yesterday", "today", "before dinner",
  ]
  // "sat" → "on" three times in four.
  static let satPrepositions: Weighted = [("on", 15), ("under", 2), ("near", 2), ("beside", 1)]

  // MARK: - Templates

  typealias Template = @Sendable (inout SeededGenerator) -> String

  // Each template returns a sentence whose first letter sentence() capitalises.
  static let templates: [(template: Template, weight: Int)] = [
    (sat, 10), (satAndLooked, 2), (slept, 5), (ate, 4), (drank, 2), (ran, 4), (chased, 3),
    (jumped, 2), (saw, 4), (walked, 3), (put, 3), (found, 2), (gave, 3), (played, 2),
    (isAdjective, 3), (whereIs, 2), (hasPet, 2), (likes, 2), (wentTogether, 2), (rained, 1),
    (said, 1), (wanted, 1),
  ]

  static func sat(_ g: inout SeededGenerator) -> String {
    let time = g.index(below: 5) == 0 ? " " + pick(times, &g) : ""
    return "\(np(&g)) sat \(pick(satPrepositions, &g)) the \(surface(&g))\(time)."
  }

  static func satAndLooked(_ g: inout SeededGenerator) -> String {
    "\(np(&g)) sat on the \(surface(&g)) and looked at the \(pick(objects, &g))."
  }

  static func slept(_ g: inout SeededGenerator) -> String {
    switch g.index(below: 5) {
    case 0, 1: return "\(np(&g)) slept under the \(surface(&g))."
    case 2, 3: return "\(np(&g)) slept on the \(surface(&g))."
    default: return "\(np(&g)) slept in the \(pick(places, &g))."
    }
  }

  static func ate(_ g: inout SeededGenerator) -> String {
    let quantity = g.index(below: 2) == 0 ? "the" : "some"
    return "\(np(&g)) ate \(quantity) \(pick(foods, &g))."
  }

  static func drank(_ g: inout SeededGenerator) -> String {
    let drink = g.index(below: 2) == 0 ? "milk" : "water"
    let vessel = pick(["bowl", "cup", "bucket"], &g)
    return "\(np(&g)) drank \(drink) from a \(vessel)."
  }

  static func ran(_ g: inout SeededGenerator) -> String {
    let way = pick(["across", "into", "around", "through"], &g)
    return "\(npAdjective(&g)) ran \(way) the \(pick(places, &g))."
  }

  static func chased(_ g: inout SeededGenerator) -> String {
    let (chaser, chased) = twoAnimals(&g)
    let end = g.index(below: 3) == 0 ? " into the \(pick(places, &g))" : ""
    return "\(article(det(&g), before: chaser)) \(chaser) chased the \(chased)\(end)."
  }

  static func jumped(_ g: inout SeededGenerator) -> String {
    "\(np(&g)) jumped onto the \(surface(&g))."
  }

  static func saw(_ g: inout SeededGenerator) -> String {
    let who = pick(people, &g)
    return "\(who) saw \(npAdjective(&g)) in the \(pick(places, &g))."
  }

  static func walked(_ g: inout SeededGenerator) -> String {
    "\(pick(people, &g)) walked to the \(pick(places, &g)) \(pick(times, &g))."
  }

  static func put(_ g: inout SeededGenerator) -> String {
    "\(pick(people, &g)) put the \(pick(objects, &g)) on the \(surface(&g))."
  }

  static func found(_ g: inout SeededGenerator) -> String {
    "\(pick(people, &g)) found the \(pick(objects, &g)) under the \(surface(&g))."
  }

  static func gave(_ g: inout SeededGenerator) -> String {
    "\(pick(people, &g)) gave the \(animal(&g)) some \(pick(foods, &g))."
  }

  static func played(_ g: inout SeededGenerator) -> String {
    let (one, other) = twoAnimals(&g)
    return "the \(one) and the \(other) played in the \(pick(places, &g))."
  }

  static func isAdjective(_ g: inout SeededGenerator) -> String {
    g.index(below: 2) == 0
      ? "\(np(&g)) is \(pick(adjectives, &g))."
      : "the \(animal(&g)) was very \(pick(adjectives, &g))."
  }

  static func whereIs(_ g: inout SeededGenerator) -> String {
    "where is the \(pick(objects, &g))? It is on the \(surface(&g))."
  }

  static func hasPet(_ g: inout SeededGenerator) -> String {
    let who = pick(people, &g)
    let adjective = pick(adjectives, &g)
    let pet = "\(article("a", before: adjective)) \(adjective) \(animal(&g))"
    return "\(who) has \(pet) called \(pick(petNames, &g))."
  }

  static func likes(_ g: inout SeededGenerator) -> String {
    let (one, other) = twoAnimals(&g)
    let first = plurals[one] ?? one
    let second = plurals[other] ?? other
    return "\(pick(people, &g)) likes \(first) and \(second)."
  }

  static func wentTogether(_ g: inout SeededGenerator) -> String {
    let (one, other) = twoPeople(&g)
    return "\(one) and \(other) went to the \(pick(places, &g)) \(pick(times, &g))."
  }

  static func rained(_ g: inout SeededGenerator) -> String {
    "when it rained, the \(animal(&g)) stayed in the \(pick(["house", "barn", "kitchen"], &g))."
  }

  static func said(_ g: inout SeededGenerator) -> String {
    "\(pick(people, &g)) said that the \(animal(&g)) was \(pick(adjectives, &g))."
  }

  static func wanted(_ g: inout SeededGenerator) -> String {
    "\(npAdjective(&g)) wanted some \(pick(foods, &g))."
  }

  static func sentence(_ g: inout SeededGenerator) -> String {
    let total = templates.reduce(0) { $0 + $1.weight }
    var r = g.index(below: total)
    for (template, weight) in templates {
      if r < weight { return capitalisingFirstLetter(template(&g)) }
      r -= weight
    }
    return capitalisingFirstLetter(templates[0].template(&g))
  }

  // MARK: - Choosing words

  static func pick(_ words: [String], _ g: inout SeededGenerator) -> String {
    words.isEmpty ? "" : words[g.index(below: words.count)]
  }

  static func pick(_ words: Weighted, _ g: inout SeededGenerator) -> String {
    let total = words.reduce(0) { $0 + $1.weight }
    var r = g.index(below: total)
    for (word, weight) in words {
      if r < weight { return word }
      r -= weight
    }
    return words.first?.word ?? ""
  }

  static func animal(_ g: inout SeededGenerator) -> String { pick(animals, &g) }
  static func surface(_ g: inout SeededGenerator) -> String { pick(surfaces, &g) }

  static func det(_ g: inout SeededGenerator) -> String { pick(determiners, &g) }

  /// Two different animals.
  static func twoAnimals(_ g: inout SeededGenerator) -> (String, String) {
    let first = animal(&g)
    var second = animal(&g)
    while second == first { second = animal(&g) }
    return (first, second)
  }

  /// Two different people.
  static func twoPeople(_ g: inout SeededGenerator) -> (String, String) {
    let first = pick(people, &g)
    var second = pick(people, &g)
    while second == first { second = pick(people, &g) }
    return (first, second)
  }

  /// A determiner and an animal: "the cat", "an owl".
  static func np(_ g: inout SeededGenerator) -> String {
    let determiner = det(&g)
    let noun = animal(&g)
    return "\(article(determiner, before: noun)) \(noun)"
  }

  /// A determiner, an adjective and an animal: "an old dog".
  static func npAdjective(_ g: inout SeededGenerator) -> String {
    let determiner = det(&g)
    let adjective = pick(adjectives, &g)
    return "\(article(determiner, before: adjective)) \(adjective) \(animal(&g))"
  }

  /// "a" becomes "an" before a vowel sound ("an old cat").
  static func article(_ determiner: String, before word: String) -> String {
    guard determiner == "a", let first = word.first, "aeiou".contains(first) else {
      return determiner
    }
    return "an"
  }

  static func capitalisingFirstLetter(_ sentence: String) -> String {
    guard let first = sentence.first else { return sentence }
    return first.uppercased() + sentence.dropFirst()
  }
}
