# ruff: noqa: E501 - prose: one paragraph per line, as the mini-format wants.
TERMS_FR = """\
## Objet
Les présentes conditions encadrent l’utilisation de la plateforme Psyconsult par les utilisateurs : recherche d’un psychologue dans l’annuaire, réservation et paiement d’une téléconsultation, participation à la séance en visioconférence, gestion du compte et des données personnelles.
## Le rôle de la plateforme
Psyconsult met en relation des personnes majeures avec des psychologues indépendants et fournit les outils techniques de la consultation. La plateforme ne délivre aucun soin : chaque praticien exerce en toute indépendance, sous sa propre responsabilité professionnelle et dans le respect de son code de déontologie.
La téléconsultation ne convient pas aux situations d’urgence. En cas de danger immédiat, appelez le 15 ou le 112 ; en cas de pensées suicidaires, le 3114 répond jour et nuit.
## Le compte
Pour réserver, vous créez un compte personnel avec des informations exactes. Vous gardez votre mot de passe secret ; toute action faite depuis votre compte est réputée faite par vous. Vous pouvez fermer votre compte à tout moment depuis votre espace ou en nous écrivant.
## Réservation, paiement et annulation
- le prix de chaque séance est affiché avant la réservation, toutes taxes comprises ;
- le paiement est encaissé au moment de la réservation par notre prestataire de paiement ;
- vous pouvez annuler sans frais jusqu’à 24 heures avant la séance ; au-delà, la séance reste due, sauf annulation par le praticien ;
- si le praticien annule, vous êtes intégralement remboursé.
## La séance en visioconférence
La salle de visioconférence s’ouvre quelques minutes avant l’heure du rendez-vous. Les séances ne sont jamais enregistrées par la plateforme. Installez-vous dans un lieu calme et confidentiel, avec une connexion suffisante.
## Vos engagements
Vous utilisez le service de bonne foi, vous respectez les praticiens et vous n’enregistrez pas les séances sans l’accord du praticien.
## Données personnelles
Le traitement de vos données est décrit dans la politique de confidentialité, qui fait partie de ces conditions.
## Modification des conditions
Nous pouvons faire évoluer ces conditions. Chaque version est numérotée, datée et conservée. Si un changement important vous concerne, nous vous le présentons à votre visite suivante et vous demandons de l’accepter avant de continuer.
## Droit applicable et litiges
Ces conditions sont soumises au droit français. En cas de litige, vous pouvez recourir gratuitement à un médiateur de la consommation dont les coordonnées figurent dans les mentions légales, avant de saisir le tribunal compétent.
"""

TERMS_EN = """\
## Purpose
These terms govern the use of the Psyconsult platform by users: finding a psychologist in the directory, booking and paying for a video consultation, attending the session, managing the account and personal data.
## What the platform does
Psyconsult connects adults with independent psychologists and provides the technical tools for the consultation. The platform provides no care itself: each practitioner works independently, under their own professional responsibility and code of ethics.
Video consultation is not suitable for emergencies. In immediate danger, call 15 or 112; if you have suicidal thoughts, 3114 answers day and night.
## Your account
To book, you create a personal account with accurate information. Keep your password secret; anything done from your account is deemed done by you. You may close your account at any time from your space or by writing to us.
## Booking, payment and cancellation
- the price of each session is shown before booking, all taxes included;
- payment is taken at booking by our payment provider;
- you may cancel free of charge up to 24 hours before the session; after that the session is due, unless the practitioner cancels;
- if the practitioner cancels, you are refunded in full.
## The video session
The video room opens a few minutes before the appointment. Sessions are never recorded by the platform. Settle in a quiet, private place with a good connection.
## Your commitments
You use the service in good faith, respect practitioners and do not record sessions without the practitioner’s consent.
## Personal data
How we process your data is described in the privacy policy, which forms part of these terms.
## Changes to these terms
We may change these terms. Each version is numbered, dated and kept. If a significant change concerns you, we show it on your next visit and ask you to accept it before going on.
## Governing law and disputes
These terms are governed by French law. In a dispute you may use, free of charge, the consumer mediator named in the legal notice before going to the competent court.
"""

PRACTITIONER_FR = """\
## Objet
Ces conditions régissent l’utilisation de Psyconsult par les psychologues qui y proposent des téléconsultations : candidature, profil public, disponibilités, séances et versement des honoraires.
## Candidature et vérification
Pour exercer sur la plateforme, vous déposez un dossier : identité, diplômes, numéro ADELI ou RPPS, attestation d’assurance en responsabilité civile professionnelle. Nous vérifions ces pièces avant d’activer votre profil et pouvons demander leur mise à jour.
## Exercice indépendant
Vous exercez en toute indépendance et restez seul responsable de vos actes professionnels et du respect du code de déontologie des psychologues. Vous êtes responsable de traitement des données que vous recueillez pendant les séances et vous vous engagez à les protéger.
## Profil et disponibilités
Vous tenez à jour votre profil (présentation, approches, langues, tarif) et vos créneaux. Un créneau publié peut être réservé immédiatement.
## Honoraires et commission
Vous fixez vos tarifs. La plateforme encaisse le paiement des utilisateurs, retient sa commission dont le taux est indiqué dans votre espace, puis vous reverse le solde chaque mois par l’intermédiaire de son prestataire de paiement.
## Annulations
Vous prévenez l’utilisateur le plus tôt possible si vous devez annuler ; l’utilisateur est alors remboursé. Des annulations répétées peuvent conduire à suspendre votre profil.
## Fin de la collaboration
Vous pouvez quitter la plateforme à tout moment après avoir honoré les rendez-vous réservés. Nous pouvons suspendre un profil en cas de manquement grave, après vous avoir permis de vous expliquer.
## Modification des conditions
Toute modification importante vous est présentée avant son entrée en vigueur et doit être acceptée pour continuer à recevoir des réservations.
"""

PRACTITIONER_EN = """\
## Purpose
These terms govern the use of Psyconsult by psychologists who offer video consultations: application, public profile, availability, sessions and payment of fees.
## Application and checks
To practise on the platform, you submit a file: identity, degrees, ADELI or RPPS number, professional liability insurance certificate. We check these documents before activating your profile and may ask for updates.
## Independent practice
You practise independently and remain solely responsible for your professional acts and for complying with the psychologists’ code of ethics. You are the controller of the data you collect during sessions and undertake to protect it.
## Profile and availability
You keep your profile (introduction, approaches, languages, fee) and your slots up to date. A published slot can be booked at once.
## Fees and commission
You set your fees. The platform collects users’ payments, keeps its commission, whose rate is shown in your space, and pays you the balance monthly through its payment provider.
## Cancellations
You warn the user as early as possible if you must cancel; the user is then refunded. Repeated cancellations may lead to your profile being suspended.
## Ending the collaboration
You may leave the platform at any time once booked appointments are honoured. We may suspend a profile for a serious breach, after giving you a chance to explain.
## Changes to these terms
Any significant change is shown to you before it takes effect and must be accepted to keep receiving bookings.
"""

COOKIES_FR = """\
## Ce qu’est un cookie
Un cookie est un petit fichier déposé par un site dans votre navigateur pour se souvenir d’une information entre deux pages ou deux visites.
## Les cookies que nous utilisons
### Indispensables (toujours actifs)
- session de connexion et protection des formulaires contre la falsification de requêtes ;
- mémorisation de votre langue ;
- mémorisation de vos choix en matière de cookies, avec un identifiant de consentement anonyme.
### Mesure d’audience (avec votre accord)
Ils nous indiquent quelles pages sont consultées, pour améliorer le site. Les statistiques sont agrégées et les adresses IP tronquées.
### Support en ligne (avec votre accord)
Ils permettent à la fenêtre de messagerie du support de reprendre la conversation en cours.
## Vos choix
Au premier passage, un bandeau vous propose d’accepter, de refuser ou de choisir par finalité ; refuser est aussi simple qu’accepter. Vous pouvez changer d’avis à tout moment par le lien « Gérer les cookies » en bas de chaque page. Votre choix est conservé six mois, puis nous vous le redemandons.
## Preuve de votre choix
Nous conservons une trace de votre choix (finalités acceptées, version de cette politique, date) associée à un identifiant anonyme, pour pouvoir démontrer que nous le respectons.
"""

COOKIES_EN = """\
## What a cookie is
A cookie is a small file a website stores in your browser to remember something between two pages or two visits.
## The cookies we use
### Essential (always on)
- login session and protection of forms against request forgery;
- remembering your language;
- remembering your cookie choices, with an anonymous consent identifier.
### Audience measurement (with your consent)
They tell us which pages are read, so we can improve the site. Statistics are aggregated and IP addresses truncated.
### Online support (with your consent)
They let the support chat window resume the current conversation.
## Your choices
On your first visit, a banner lets you accept, refuse or choose per purpose; refusing is as easy as accepting. You may change your mind at any time through the “Manage cookies” link at the bottom of every page. Your choice is kept for six months, then we ask again.
## Proof of your choice
We keep a record of your choice (purposes accepted, version of this policy, date) linked to an anonymous identifier, so we can show that we respect it.
"""

NOTICE_FR = """\
## Éditeur du site
Le site et la plateforme Psyconsult sont édités par la société dont la dénomination, la forme, le capital, le siège social et le numéro d’immatriculation figurent dans l’encadré « Responsable du traitement et contacts » de cette page.
## Directeur de la publication
Le président de la société éditrice.
## Hébergement
La plateforme est hébergée dans l’Union européenne par un prestataire spécialisé, sur des serveurs situés en France.
## Contact
Pour toute question, écrivez à l’adresse de contact indiquée ci-dessous. Pour vos données personnelles, écrivez à notre délégué à la protection des données.
## Médiation de la consommation
En cas de litige non résolu avec notre service client, vous pouvez recourir gratuitement à un médiateur de la consommation ; ses coordonnées vous sont communiquées sur simple demande.
## Propriété intellectuelle
Les textes, la charte graphique et le logiciel de la plateforme sont protégés. Toute reproduction sans autorisation est interdite.
"""

NOTICE_EN = """\
## Publisher
The Psyconsult website and platform are published by the company whose name, legal form, share capital, registered office and registration number appear in the “Controller and contacts” box on this page.
## Publication director
The chair of the publishing company.
## Hosting
The platform is hosted in the European Union by a specialised provider, on servers located in France.
## Contact
For any question, write to the contact address shown below. About your personal data, write to our data-protection officer.
## Consumer mediation
If a dispute with our customer service is not resolved, you may use a consumer mediator free of charge; their details are sent on request.
## Intellectual property
The texts, visual identity and software of the platform are protected. Any reproduction without permission is forbidden.
"""
